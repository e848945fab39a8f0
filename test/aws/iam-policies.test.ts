import {
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteRolePermissionsBoundaryCommand,
  DeleteRolePolicyCommand,
  DeleteUserPolicyCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRolePolicyCommand,
  GetUserPolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListPoliciesCommand,
  ListPolicyVersionsCommand,
  ListRolePoliciesCommand,
  ListUserPoliciesCommand,
  paginateListPolicies,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  SetDefaultPolicyVersionCommand,
} from '@aws-sdk/client-iam';
import { GetWebIdentityTokenCommand } from '@aws-sdk/client-sts';
import { createStateStore } from '../../src/core/state-dir.js';
import { sdkError, startTestAws, WORKLOAD, type TestAws } from './support.js';

/** IAM's policy APIs driven by the real @aws-sdk/client-iam; every change is seen by the next GetWebIdentityToken. */

const ADMIN = 'arn:aws:iam::111122223333:user/fedlab-admin';
const DEFAULT = 'arn:aws:iam::aws:policy/FedlabDefaultOutboundFederation';
const CALLER = 'arn:aws:sts::111122223333:assumed-role/fedlab-workload/fedlab-session';
const AZURE = 'api://AzureADTokenExchange';

const doc = (statements: Record<string, unknown>[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const mint = (audiences: string[]) => ({ Sid: 'MintForAudiences', Effect: 'Allow', Action: 'sts:GetWebIdentityToken', Resource: '*', Condition: { 'ForAllValues:StringEquals': { 'sts:IdentityTokenAudience': audiences } } });
const denyAll = { Sid: 'NoTokens', Effect: 'Deny', Action: 'sts:GetWebIdentityToken', Resource: '*' };

let lab: TestAws;
const store = createStateStore();
const admin = (aws: Record<string, any>) => {
  aws.accounts[0].principals.push({ arn: ADMIN, accessKeyId: 'AKIAEXAMPLEADMIN0001', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/EXAMPLEADMIN001', managedPolicyArns: ['arn:aws:iam::aws:policy/IAMFullAccess'] });
};
beforeAll(async () => {
  lab = await startTestAws(admin, store);
  lab.aws.setFederation('111122223333', true);
});
afterAll(() => lab.close());

const token = (audience = AZURE) => lab.sts(WORKLOAD).send(new GetWebIdentityTokenCommand({ Audience: [audience], SigningAlgorithm: 'RS256' }));

test("fedlab's default policy is listed, can be detached (then IAM's default deny refuses), and an inline policy's conditions decide", async () => {
  const iam = lab.iam(ADMIN);
  expect((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'fedlab-workload' }))).AttachedPolicies).toEqual([{ PolicyName: 'FedlabDefaultOutboundFederation', PolicyArn: DEFAULT }]);
  await token();
  await iam.send(new DetachRolePolicyCommand({ RoleName: 'fedlab-workload', PolicyArn: DEFAULT }));
  const denied = await sdkError(token());
  expect(denied).toMatchObject({ name: 'AccessDenied', status: 403 });
  expect(denied.message).toBe(`User: ${CALLER} is not authorized to perform: sts:GetWebIdentityToken because no identity-based policy allows the sts:GetWebIdentityToken action`);

  await iam.send(new PutRolePolicyCommand({ RoleName: 'fedlab-workload', PolicyName: 'azure-only', PolicyDocument: doc([mint([AZURE])]) }));
  await token();
  const shown = lab.aws.accounts()[0]!.principals.find((p) => p.arn === WORKLOAD) as unknown as { policiesInForce: unknown };
  expect(shown.policiesInForce).toEqual({ inline: ['azure-only'], attached: [] });
  expect(await sdkError(token('https://elsewhere.example.com'))).toMatchObject({ name: 'AccessDenied' });
  expect((await iam.send(new ListRolePoliciesCommand({ RoleName: 'fedlab-workload' }))).PolicyNames).toEqual(['azure-only']);
  const got = await iam.send(new GetRolePolicyCommand({ RoleName: 'FEDLAB-WORKLOAD', PolicyName: 'azure-only' }));
  expect(got).toMatchObject({ RoleName: 'FEDLAB-WORKLOAD', PolicyName: 'azure-only' });
  expect(JSON.parse(decodeURIComponent(got.PolicyDocument!))).toEqual(JSON.parse(doc([mint([AZURE])])));

  // An explicit deny in a second inline policy wins, and its refusal says so.
  await iam.send(new PutRolePolicyCommand({ RoleName: 'fedlab-workload', PolicyName: 'stop', PolicyDocument: doc([denyAll]) }));
  expect((await sdkError(token())).message).toContain('with an explicit deny in an identity-based policy');
  const rejected = lab.events.recent().filter((e) => e.type === 'sts-rejected').at(-1)!;
  expect(rejected).toMatchObject({ deniedBy: 'identity-based policy', denial: 'explicit', decidingPolicy: 'stop', decidingSid: 'NoTokens' });
  await iam.send(new DeleteRolePolicyCommand({ RoleName: 'fedlab-workload', PolicyName: 'stop' }));
  await iam.send(new DeleteRolePolicyCommand({ RoleName: 'fedlab-workload', PolicyName: 'azure-only' }));
  expect(await sdkError(iam.send(new GetRolePolicyCommand({ RoleName: 'fedlab-workload', PolicyName: 'azure-only' })))).toMatchObject({ name: 'NoSuchEntityException', status: 404, message: 'The role policy with name azure-only cannot be found.' });
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'fedlab-workload', PolicyArn: DEFAULT }));
  await token();
});

test('customer managed policies: create, attach, new default version takes effect at once, versions, delete conflicts', async () => {
  const iam = lab.iam(ADMIN);
  const created = await iam.send(new CreatePolicyCommand({ PolicyName: 'mint-azure', Path: '/federation/', PolicyDocument: doc([mint([AZURE])]), Description: 'Azure only', Tags: [{ Key: 'team', Value: 'platform' }] }));
  const arn = 'arn:aws:iam::111122223333:policy/federation/mint-azure';
  expect(created.Policy).toMatchObject({ PolicyName: 'mint-azure', Arn: arn, Path: '/federation/', DefaultVersionId: 'v1', AttachmentCount: 0, IsAttachable: true, Tags: [{ Key: 'team', Value: 'platform' }] });
  expect(created.Policy!.PolicyId).toMatch(/^ANPA[A-Z2-7]{17}$/);
  expect(created.Policy!.CreateDate).toBeInstanceOf(Date);

  await iam.send(new DetachRolePolicyCommand({ RoleName: 'fedlab-workload', PolicyArn: DEFAULT }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'fedlab-workload', PolicyArn: arn }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'fedlab-workload', PolicyArn: arn }));
  expect((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy).toMatchObject({ AttachmentCount: 1, Description: 'Azure only' });
  await token();

  const v2 = await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc([denyAll]), SetAsDefault: true }));
  expect(v2.PolicyVersion).toMatchObject({ VersionId: 'v2', IsDefaultVersion: true });
  expect(v2.PolicyVersion!.Document).toBeUndefined();
  expect((await sdkError(token())).message).toContain('with an explicit deny in an identity-based policy');
  await iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }));
  await token();
  const v1 = await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }));
  expect(v1.PolicyVersion).toMatchObject({ VersionId: 'v1', IsDefaultVersion: true });
  expect(JSON.parse(decodeURIComponent(v1.PolicyVersion!.Document!))).toEqual(JSON.parse(doc([mint([AZURE])])));
  expect((await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }))).Versions!.map((v) => [v.VersionId, v.IsDefaultVersion])).toEqual([['v2', false], ['v1', true]]);

  for (let i = 3; i <= 5; i++) await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc([mint([`aud-${i}`])]) }));
  expect(await sdkError(iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc([mint(['six'])]) })))).toMatchObject({
    name: 'LimitExceededException',
    status: 409,
    message: 'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.',
  });
  expect(await sdkError(iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' })))).toMatchObject({ name: 'DeleteConflictException', message: 'Cannot delete the default version of a policy.' });
  expect(await sdkError(iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v9' })))).toMatchObject({ name: 'NoSuchEntityException', message: `Policy ${arn} version v9 does not exist or is not attachable.` });
  expect(await sdkError(iam.send(new DeletePolicyCommand({ PolicyArn: arn })))).toMatchObject({ name: 'DeleteConflictException', message: 'Cannot delete a policy attached to entities.' });
  await iam.send(new DetachRolePolicyCommand({ RoleName: 'fedlab-workload', PolicyArn: arn }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'fedlab-workload', PolicyArn: DEFAULT }));
  expect(await sdkError(iam.send(new DeletePolicyCommand({ PolicyArn: arn })))).toMatchObject({ name: 'DeleteConflictException', message: expect.stringContaining('more than one version') });
  for (const v of ['v2', 'v3', 'v4', 'v5']) await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: v }));
  await iam.send(new DeletePolicyCommand({ PolicyArn: arn }));
  expect(await sdkError(iam.send(new GetPolicyCommand({ PolicyArn: arn })))).toMatchObject({ name: 'NoSuchEntityException', status: 404, message: `Policy ${arn} was not found.` });
});

test('a permissions boundary caps the identity policies, on the next request', async () => {
  const iam = lab.iam(ADMIN);
  const boundary = (await iam.send(new CreatePolicyCommand({ PolicyName: 'boundary-other-audience', PolicyDocument: doc([mint(['api://other'])]) }))).Policy!.Arn!;
  await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'fedlab-workload', PermissionsBoundary: boundary }));
  const denied = await sdkError(token());
  expect(denied.message).toContain('because no permissions boundary allows the sts:GetWebIdentityToken action');
  expect((await iam.send(new GetPolicyCommand({ PolicyArn: boundary }))).Policy).toMatchObject({ AttachmentCount: 0, PermissionsBoundaryUsageCount: 1 });
  expect(await sdkError(iam.send(new DeletePolicyCommand({ PolicyArn: boundary })))).toMatchObject({ name: 'DeleteConflictException' });
  await iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: 'fedlab-workload' }));
  await token();
  expect(await sdkError(iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'fedlab-workload', PermissionsBoundary: 'arn:aws:iam::111122223333:policy/absent' })))).toMatchObject({
    name: 'NoSuchEntityException',
    message: 'Scope ARN: arn:aws:iam::111122223333:policy/absent does not exist or is not attachable.',
  });
});

test("users' inline and attached policies; ListPolicies scopes, filters and pages", async () => {
  const iam = lab.iam(ADMIN);
  await iam.send(new PutUserPolicyCommand({ UserName: 'fedlab-admin', PolicyName: 'read-trail', PolicyDocument: doc([{ Effect: 'Allow', Action: 'cloudtrail:LookupEvents', Resource: '*' }]) }));
  expect((await iam.send(new ListUserPoliciesCommand({ UserName: 'fedlab-admin' }))).PolicyNames).toEqual(['read-trail']);
  expect((await iam.send(new GetUserPolicyCommand({ UserName: 'fedlab-admin', PolicyName: 'read-trail' }))).UserName).toBe('fedlab-admin');
  await iam.send(new DeleteUserPolicyCommand({ UserName: 'fedlab-admin', PolicyName: 'read-trail' }));
  expect(await sdkError(iam.send(new GetUserPolicyCommand({ UserName: 'fedlab-admin', PolicyName: 'read-trail' })))).toMatchObject({ name: 'NoSuchEntityException', message: 'The user policy with name read-trail cannot be found.' });
  await iam.send(new AttachUserPolicyCommand({ UserName: 'fedlab-admin', PolicyArn: 'arn:aws:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess' }));
  expect((await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'fedlab-admin' }))).AttachedPolicies!.map((p) => p.PolicyName)).toEqual(['IAMFullAccess', 'AWSCloudTrail_ReadOnlyAccess']);
  await iam.send(new DetachUserPolicyCommand({ UserName: 'fedlab-admin', PolicyArn: 'arn:aws:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess' }));
  expect(await sdkError(iam.send(new ListUserPoliciesCommand({ UserName: 'nobody' })))).toMatchObject({ name: 'NoSuchEntityException', message: 'The user with name nobody cannot be found.' });

  for (const name of ['page-a', 'page-b', 'page-c']) await iam.send(new CreatePolicyCommand({ PolicyName: name, Path: '/paged/', PolicyDocument: doc([mint([name])]) }));
  const names: string[] = [];
  for await (const page of paginateListPolicies({ client: iam, pageSize: 2 }, { Scope: 'Local', PathPrefix: '/paged/' })) names.push(...page.Policies!.map((p) => p.PolicyName!));
  expect(names).toEqual(['page-a', 'page-b', 'page-c']);
  const aws = await iam.send(new ListPoliciesCommand({ Scope: 'AWS', OnlyAttached: true }));
  expect(aws.Policies!.map((p) => p.PolicyName)).toEqual(expect.arrayContaining(['FedlabDefaultOutboundFederation', 'IAMFullAccess']));
  expect(aws.Policies!.every((p) => p.Arn!.startsWith('arn:aws:iam::aws:policy/') && p.Description === undefined)).toBe(true);
  expect(await sdkError(iam.send(new ListPoliciesCommand({ Scope: 'Nope' as 'All' })))).toMatchObject({ name: 'ValidationError', status: 400 });
});

test("IAM's errors: MalformedPolicyDocument, EntityAlreadyExists, LimitExceeded, NoSuchEntity, InvalidInput, AccessDenied", async () => {
  const iam = lab.iam(ADMIN);
  expect(await sdkError(iam.send(new CreatePolicyCommand({ PolicyName: 'bad', PolicyDocument: '{nope' })))).toMatchObject({ name: 'MalformedPolicyDocumentException', status: 400, message: 'This policy contains invalid Json' });
  expect(await sdkError(iam.send(new CreatePolicyCommand({ PolicyName: 'bad', PolicyDocument: doc([{ Effect: 'Allow', Action: 'sts:GetWebIdentityToken', Resource: '*', Condition: { StringEqualz: { 'aws:username': 'x' } } }]) })))).toMatchObject({
    name: 'MalformedPolicyDocumentException',
    message: 'Invalid Condition type : StringEqualz.',
  });
  expect(await sdkError(iam.send(new PutRolePolicyCommand({ RoleName: 'fedlab-workload', PolicyName: 'p', PolicyDocument: doc([{ Effect: 'Allow', Action: 'sts:GetWebIdentityToken' }]) })))).toMatchObject({ name: 'MalformedPolicyDocumentException', message: 'Policy statement must contain resources.' });
  await iam.send(new CreatePolicyCommand({ PolicyName: 'unique', PolicyDocument: doc([mint([AZURE])]) }));
  expect(await sdkError(iam.send(new CreatePolicyCommand({ PolicyName: 'UNIQUE', PolicyDocument: doc([mint([AZURE])]) })))).toMatchObject({ name: 'EntityAlreadyExistsException', status: 409, message: 'A policy called UNIQUE already exists. Duplicate names are not allowed.' });
  const huge = doc([mint(Array.from({ length: 400 }, (_, i) => `api://audience-${i}`))]);
  expect(await sdkError(iam.send(new CreatePolicyCommand({ PolicyName: 'huge', PolicyDocument: huge })))).toMatchObject({ name: 'LimitExceededException', status: 409, message: 'Cannot exceed quota for PolicySize: 6144' });
  expect(await sdkError(iam.send(new PutUserPolicyCommand({ UserName: 'fedlab-admin', PolicyName: 'huge', PolicyDocument: huge })))).toMatchObject({ name: 'LimitExceededException', message: 'Maximum policy size of 2048 bytes exceeded for user fedlab-admin' });
  expect(await sdkError(iam.send(new AttachRolePolicyCommand({ RoleName: 'fedlab-workload', PolicyArn: 'arn:aws:iam::aws:policy/NoSuchPolicy' })))).toMatchObject({ name: 'NoSuchEntityException', status: 404, message: 'Policy arn:aws:iam::aws:policy/NoSuchPolicy does not exist or is not attachable.' });
  expect(await sdkError(iam.send(new AttachRolePolicyCommand({ RoleName: 'ghost', PolicyArn: DEFAULT })))).toMatchObject({ name: 'NoSuchEntityException', message: 'The role with name ghost cannot be found.' });
  expect(await sdkError(iam.send(new DetachRolePolicyCommand({ RoleName: 'fedlab-workload', PolicyArn: 'arn:aws:iam::aws:policy/IAMFullAccess' })))).toMatchObject({ name: 'NoSuchEntityException', message: 'Policy arn:aws:iam::aws:policy/IAMFullAccess was not found.' });
  expect(await sdkError(iam.send(new GetPolicyCommand({ PolicyArn: 'not-an-arn-but-long-enough' })))).toMatchObject({ name: 'InvalidInputException', status: 400, message: 'ARN not-an-arn-but-long-enough is not valid.' });
  expect(await sdkError(iam.send(new DeletePolicyCommand({ PolicyArn: DEFAULT })))).toMatchObject({ name: 'NoSuchEntityException' });
  const many = Array.from({ length: 10 }, (_, i) => `arn:aws:iam::111122223333:policy/quota-${i}`);
  for (const [i, arn] of many.entries()) {
    await iam.send(new CreatePolicyCommand({ PolicyName: `quota-${i}`, PolicyDocument: doc([mint([`q${i}`])]) }));
    if (i < 9) await iam.send(new AttachRolePolicyCommand({ RoleName: 'fedlab-restricted', PolicyArn: arn }));
  }
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'fedlab-restricted', PolicyArn: many[9] }));
  expect(await sdkError(iam.send(new AttachRolePolicyCommand({ RoleName: 'fedlab-restricted', PolicyArn: DEFAULT })))).toMatchObject({ name: 'LimitExceededException', message: 'Cannot exceed quota for PoliciesPerRole: 10' });

  // The workload's default policy grants no IAM policy management.
  const denied = await sdkError(lab.iam(WORKLOAD).send(new CreatePolicyCommand({ PolicyName: 'sneaky', PolicyDocument: doc([mint([AZURE])]) })));
  expect(denied).toMatchObject({ name: 'AccessDenied', status: 403 });
  expect(denied.message).toBe(`User: ${CALLER} is not authorized to perform: iam:CreatePolicy on resource: arn:aws:iam::111122223333:policy/sneaky because no identity-based policy allows the iam:CreatePolicy action`);
  expect(await sdkError(lab.iam(WORKLOAD).send(new PutRolePolicyCommand({ RoleName: 'fedlab-workload', PolicyName: 'self', PolicyDocument: doc([mint([AZURE])]) })))).toMatchObject({ name: 'AccessDenied' });
});

test('policy changes survive a restart with the same state', async () => {
  const iam = lab.iam(ADMIN);
  await iam.send(new CreatePolicyCommand({ PolicyName: 'kept', PolicyDocument: doc([mint([AZURE])]) }));
  await iam.send(new PutRolePolicyCommand({ RoleName: 'fedlab-session', PolicyName: 'kept-inline', PolicyDocument: doc([denyAll]) }));
  const again = await startTestAws(admin, store);
  try {
    const iam2 = again.iam(ADMIN);
    expect((await iam2.send(new GetPolicyCommand({ PolicyArn: 'arn:aws:iam::111122223333:policy/kept' }))).Policy!.PolicyName).toBe('kept');
    expect((await iam2.send(new ListRolePoliciesCommand({ RoleName: 'fedlab-session' }))).PolicyNames).toEqual(['kept-inline']);
  } finally {
    await again.close();
  }
});
