import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  DetachRolePolicyCommand,
  DeleteRoleCommand,
  GetRoleCommand,
  ListRoleTagsCommand,
  ListRolesCommand,
  paginateListRoles,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { AssumeRoleCommand, GetWebIdentityTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { decodeJwt } from 'jose';
import { ACCOUNT, NAMESPACE, sdkError, startTestAws, WORKLOAD, type TestAws } from './support.js';

const ADMIN = 'arn:aws:iam::111122223333:user/fedlab-admin';
const DEPLOYER = 'arn:aws:iam::111122223333:user/fedlab-deployer';
const CONFIGURED = 'arn:aws:iam::111122223333:role/configured-with-policy';

const trust = (effect: 'Allow' | 'Deny') => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: effect, Principal: { AWS: DEPLOYER }, Action: ['sts:AssumeRole'] }] });

let lab: TestAws;
const clients: { destroy(): void }[] = [];
beforeAll(async () => {
  lab = await startTestAws((aws) => {
    aws.accounts[0].principals.push(
      { arn: ADMIN, accessKeyId: 'AKIAEXAMPLEADMIN0001', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/EXAMPLEADMIN001', managedPolicyArns: ['arn:aws:iam::aws:policy/IAMFullAccess', 'arn:aws:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess'] },
      { arn: DEPLOYER, accessKeyId: 'AKIAEXAMPLEDEPLOYER1', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/EXAMPLEDEPLOYER' },
    );
    aws.accounts[0].roles = [{ arn: CONFIGURED, trustPolicy: trust('Allow'), policies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }] }];
  });
});
afterAll(async () => {
  clients.forEach((c) => c.destroy());
  await lab.close();
});

test('CreateRole → AssumeRole at once; GetRole answers the URL-encoded trust policy; TagRole reaches the session token', async () => {
  const iam = lab.iam(ADMIN);
  const created = await iam.send(new CreateRoleCommand({ RoleName: 'ci-deployer', Path: '/ci/', AssumeRolePolicyDocument: trust('Allow'), Description: 'CI', MaxSessionDuration: 7200, Tags: [{ Key: 'team', Value: 'payments' }] }));
  expect(created.Role).toMatchObject({ RoleName: 'ci-deployer', Path: '/ci/', Arn: 'arn:aws:iam::111122223333:role/ci/ci-deployer', MaxSessionDuration: 7200, Description: 'CI', Tags: [{ Key: 'team', Value: 'payments' }] });
  expect(created.Role!.RoleId).toMatch(/^AROA[A-Z2-7]{17}$/);
  expect(created.Role!.CreateDate).toBeInstanceOf(Date);
  const got = await iam.send(new GetRoleCommand({ RoleName: 'CI-DEPLOYER' }));
  expect(JSON.parse(decodeURIComponent(got.Role!.AssumeRolePolicyDocument!))).toEqual(JSON.parse(trust('Allow')));

  await iam.send(new TagRoleCommand({ RoleName: 'ci-deployer', Tags: [{ Key: 'env', Value: 'prod' }, { Key: 'TEAM', Value: 'platform' }] }));
  expect((await iam.send(new ListRoleTagsCommand({ RoleName: 'ci-deployer' }))).Tags).toEqual([{ Key: 'env', Value: 'prod' }, { Key: 'TEAM', Value: 'platform' }]);
  await iam.send(new UntagRoleCommand({ RoleName: 'ci-deployer', TagKeys: ['env', 'absent'] }));
  // A new role has no policies (as in IAM): it mints once one is attached.
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'ci-deployer', PolicyArn: 'arn:aws:iam::aws:policy/FedlabDefaultOutboundFederation' }));

  const out = await lab.sts(DEPLOYER).send(new AssumeRoleCommand({ RoleArn: created.Role!.Arn, RoleSessionName: 'ci-1', DurationSeconds: 7200 }));
  const { AccessKeyId, SecretAccessKey, SessionToken } = out.Credentials!;
  const session = new STSClient({ endpoint: lab.aws.urls.endpoint, region: 'eu-north-1', credentials: { accessKeyId: AccessKeyId!, secretAccessKey: SecretAccessKey!, sessionToken: SessionToken! }, maxAttempts: 1 });
  clients.push(session);
  lab.aws.setFederation(ACCOUNT, true);
  const token = await session.send(new GetWebIdentityTokenCommand({ Audience: ['api://AzureADTokenExchange'], SigningAlgorithm: 'RS256' }));
  expect((decodeJwt(token.WebIdentityToken!)[NAMESPACE] as Record<string, unknown>).principal_tags).toEqual({ TEAM: 'platform' });

  await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'ci-deployer', PolicyDocument: trust('Deny') }));
  expect(await sdkError(lab.sts(DEPLOYER).send(new AssumeRoleCommand({ RoleArn: created.Role!.Arn, RoleSessionName: 'ci-2' })))).toMatchObject({ name: 'AccessDenied', status: 403 });

  expect(await sdkError(iam.send(new DeleteRoleCommand({ RoleName: 'ci-deployer' })))).toMatchObject({ name: 'DeleteConflictException', message: 'Cannot delete entity, must detach all policies first.' });
  await iam.send(new DetachRolePolicyCommand({ RoleName: 'ci-deployer', PolicyArn: 'arn:aws:iam::aws:policy/FedlabDefaultOutboundFederation' }));
  await iam.send(new DeleteRoleCommand({ RoleName: 'ci-deployer' }));
  expect(await sdkError(iam.send(new GetRoleCommand({ RoleName: 'ci-deployer' })))).toMatchObject({ name: 'NoSuchEntityException', status: 404, message: 'The role with name ci-deployer cannot be found.' });
  expect(await sdkError(lab.sts(DEPLOYER).send(new AssumeRoleCommand({ RoleArn: created.Role!.Arn, RoleSessionName: 'ci-3' })))).toMatchObject({ name: 'AccessDenied' });
});

test('ListRoles pages with Marker/MaxItems (SDK paginator) and filters by PathPrefix, without tags', async () => {
  const iam = lab.iam(ADMIN);
  for (const name of ['list-a', 'list-b', 'list-c']) {
    await iam.send(new CreateRoleCommand({ RoleName: name, Path: '/listed/', AssumeRolePolicyDocument: trust('Allow'), Tags: [{ Key: 'k', Value: 'v' }] }));
  }
  const names: string[] = [];
  let pages = 0;
  for await (const page of paginateListRoles({ client: iam, pageSize: 2 }, { PathPrefix: '/listed/' })) {
    pages++;
    names.push(...page.Roles!.map((r) => r.RoleName!));
    page.Roles!.forEach((r) => expect(r.Tags).toBeUndefined());
  }
  expect(names).toEqual(['list-a', 'list-b', 'list-c']);
  expect(pages).toBe(2);
  const all = await iam.send(new ListRolesCommand({}));
  expect(all.Roles!.map((r) => r.Arn)).toContain(CONFIGURED);
  expect(all.IsTruncated).toBe(false);
});

test("IAM's errors: EntityAlreadyExists, MalformedPolicyDocument, ValidationError, DeleteConflict, LimitExceeded, InvalidInput, AccessDenied", async () => {
  const iam = lab.iam(ADMIN);
  await iam.send(new CreateRoleCommand({ RoleName: 'dup', AssumeRolePolicyDocument: trust('Allow') }));
  expect(await sdkError(iam.send(new CreateRoleCommand({ RoleName: 'DUP', AssumeRolePolicyDocument: trust('Allow') })))).toMatchObject({ name: 'EntityAlreadyExistsException', status: 409, message: 'Role with name DUP already exists.' });
  expect(await sdkError(iam.send(new CreateRoleCommand({ RoleName: 'bad-json', AssumeRolePolicyDocument: '{nope' })))).toMatchObject({ name: 'MalformedPolicyDocumentException', status: 400, message: 'This policy contains invalid Json' });
  expect(await sdkError(iam.send(new CreateRoleCommand({ RoleName: 'no-principal', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }] }) })))).toMatchObject({ name: 'MalformedPolicyDocumentException' });
  expect(await sdkError(iam.send(new CreateRoleCommand({ RoleName: 'has space', AssumeRolePolicyDocument: trust('Allow') })))).toMatchObject({ name: 'ValidationError', status: 400 });
  expect(await sdkError(iam.send(new CreateRoleCommand({ RoleName: 'short', AssumeRolePolicyDocument: trust('Allow'), MaxSessionDuration: 60 })))).toMatchObject({ name: 'ValidationError' });
  expect(await sdkError(iam.send(new DeleteRoleCommand({ RoleName: 'configured-with-policy' })))).toMatchObject({ name: 'DeleteConflictException', status: 409 });
  const many = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
  expect(await sdkError(iam.send(new TagRoleCommand({ RoleName: 'dup', Tags: many })))).toMatchObject({ name: 'LimitExceededException', status: 409 });
  expect(await sdkError(iam.send(new TagRoleCommand({ RoleName: 'dup', Tags: [{ Key: 'a', Value: '1' }, { Key: 'A', Value: '2' }] })))).toMatchObject({ name: 'InvalidInputException', status: 400 });
  expect(await sdkError(iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'missing', PolicyDocument: trust('Allow') })))).toMatchObject({ name: 'NoSuchEntityException' });
  const denied = await sdkError(lab.iam(DEPLOYER).send(new CreateRoleCommand({ RoleName: 'sneaky', AssumeRolePolicyDocument: trust('Allow') })));
  expect(denied).toMatchObject({ name: 'AccessDenied', status: 403 });
  expect(denied.message).toContain('iam:CreateRole');
  expect(await sdkError(lab.iam(WORKLOAD).send(new ListRolesCommand({})))).toMatchObject({ name: 'AccessDenied' });
});

test('CreateRole is in CloudTrail with the role in responseElements', async () => {
  await lab.iam(ADMIN).send(new CreateRoleCommand({ RoleName: 'audited', AssumeRolePolicyDocument: trust('Allow') }));
  const trail = new CloudTrailClient({ endpoint: lab.aws.urls.endpoint, region: 'eu-north-1', credentials: lab.credentials(ADMIN), maxAttempts: 1 });
  clients.push(trail);
  const found = await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateRole' }] }));
  const event = found.Events!.map((e) => JSON.parse(e.CloudTrailEvent!)).find((e) => e.requestParameters.roleName === 'audited');
  expect(event).toMatchObject({ eventSource: 'iam.amazonaws.com', awsRegion: 'us-east-1', readOnly: false, responseElements: { role: { roleName: 'audited', arn: 'arn:aws:iam::111122223333:role/audited', path: '/' } } });
});
