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
  UpdateRoleCommand,
  UpdateRoleDescriptionCommand,
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

test('UpdateRole: MaxSessionDuration bounds the next AssumeRole at once; a member left out keeps its value', async () => {
  const iam = lab.iam(ADMIN);
  const arn = (await iam.send(new CreateRoleCommand({ RoleName: 'long-sessions', AssumeRolePolicyDocument: trust('Allow'), Description: 'first' }))).Role!.Arn!;
  const assume = (seconds: number) => lab.sts(DEPLOYER).send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: `s-${seconds}`, DurationSeconds: seconds }));
  expect(await sdkError(assume(7200))).toMatchObject({ name: 'ValidationError', status: 400, message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.' });

  const updated = await iam.send(new UpdateRoleCommand({ RoleName: 'long-sessions', MaxSessionDuration: 7200 }));
  expect(updated.$metadata.httpStatusCode).toBe(200);
  expect((await iam.send(new GetRoleCommand({ RoleName: 'long-sessions' }))).Role).toMatchObject({ MaxSessionDuration: 7200, Description: 'first' });
  const session = await assume(7200);
  expect(session.Credentials!.Expiration!.getTime() - Date.now()).toBeGreaterThan(7100_000);

  await iam.send(new UpdateRoleCommand({ RoleName: 'long-sessions', Description: 'second' }));
  expect((await iam.send(new GetRoleCommand({ RoleName: 'long-sessions' }))).Role).toMatchObject({ MaxSessionDuration: 7200, Description: 'second' });
  // An empty description removes it.
  await iam.send(new UpdateRoleCommand({ RoleName: 'long-sessions', Description: '' }));
  expect((await iam.send(new GetRoleCommand({ RoleName: 'long-sessions' }))).Role!.Description).toBeUndefined();

  // Configured roles change too (in memory).
  await iam.send(new UpdateRoleCommand({ RoleName: 'configured-with-policy', MaxSessionDuration: 43200 }));
  expect((await iam.send(new GetRoleCommand({ RoleName: 'configured-with-policy' }))).Role!.MaxSessionDuration).toBe(43200);
});

test('UpdateRoleDescription answers the whole role; both refuse as IAM does', async () => {
  const iam = lab.iam(ADMIN);
  await iam.send(new CreateRoleCommand({ RoleName: 'described', AssumeRolePolicyDocument: trust('Allow'), Tags: [{ Key: 'team', Value: 'payments' }] }));
  const out = await iam.send(new UpdateRoleDescriptionCommand({ RoleName: 'DESCRIBED', Description: 'Déploie les paiements — CI' }));
  expect(out.Role).toMatchObject({ RoleName: 'described', Arn: 'arn:aws:iam::111122223333:role/described', Description: 'Déploie les paiements — CI', MaxSessionDuration: 3600, Tags: [{ Key: 'team', Value: 'payments' }] });
  expect(out.Role!.CreateDate).toBeInstanceOf(Date);
  expect((await iam.send(new GetRoleCommand({ RoleName: 'described' }))).Role!.Description).toBe('Déploie les paiements — CI');

  expect(await sdkError(iam.send(new UpdateRoleCommand({ RoleName: 'described', MaxSessionDuration: 43201 })))).toMatchObject({
    name: 'ValidationError',
    status: 400,
    message: "1 validation error detected: Value '43201' at 'maxSessionDuration' failed to satisfy constraint: Member must have value less than or equal to 43200",
  });
  expect(await sdkError(iam.send(new UpdateRoleCommand({ RoleName: 'described', MaxSessionDuration: 900 })))).toMatchObject({ name: 'ValidationError', message: expect.stringContaining('greater than or equal to 3600') });
  expect(await sdkError(iam.send(new UpdateRoleDescriptionCommand({ RoleName: 'described', Description: 'x'.repeat(1001) })))).toMatchObject({ name: 'ValidationError', message: expect.stringContaining("'description'") });
  expect(await sdkError(iam.send(new UpdateRoleDescriptionCommand({ RoleName: 'described', Description: 'tab\u0007bell' })))).toMatchObject({ name: 'ValidationError', message: expect.stringContaining('regular expression pattern') });
  expect(await sdkError(iam.send(new UpdateRoleDescriptionCommand({ RoleName: 'described' } as never)))).toMatchObject({ name: 'ValidationError', message: "1 validation error detected: Value null at 'description' failed to satisfy constraint: Member must not be null" });
  expect(await sdkError(iam.send(new UpdateRoleCommand({ RoleName: 'missing', MaxSessionDuration: 7200 })))).toMatchObject({ name: 'NoSuchEntityException', status: 404, message: 'The role with name missing cannot be found.' });
  const denied = await sdkError(lab.iam(DEPLOYER).send(new UpdateRoleCommand({ RoleName: 'described', MaxSessionDuration: 43200 })));
  expect(denied).toMatchObject({ name: 'AccessDenied', status: 403 });
  expect(denied.message).toBe(`User: ${DEPLOYER} is not authorized to perform: iam:UpdateRole on resource: arn:aws:iam::111122223333:role/described because no identity-based policy allows the iam:UpdateRole action`);
  expect(await sdkError(lab.iam(DEPLOYER).send(new UpdateRoleDescriptionCommand({ RoleName: 'described', Description: 'mine' })))).toMatchObject({ name: 'AccessDenied' });
  expect((await iam.send(new GetRoleCommand({ RoleName: 'described' }))).Role).toMatchObject({ MaxSessionDuration: 3600, Description: 'Déploie les paiements — CI' });

  const trail = new CloudTrailClient({ endpoint: lab.aws.urls.endpoint, region: 'eu-north-1', credentials: lab.credentials(ADMIN), maxAttempts: 1 });
  clients.push(trail);
  const events = (await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'UpdateRole' }] }))).Events!.map((e) => JSON.parse(e.CloudTrailEvent!));
  expect(events.find((e) => e.requestParameters.roleName === 'described' && e.errorCode === 'AccessDenied')).toMatchObject({ readOnly: false, requestParameters: { maxSessionDuration: 43200 }, userIdentity: { arn: DEPLOYER } });
  expect(events.find((e) => e.requestParameters.roleName === 'long-sessions' && e.requestParameters.maxSessionDuration === 7200)).toMatchObject({ eventSource: 'iam.amazonaws.com', responseElements: null });
});
