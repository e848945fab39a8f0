import {
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  DeleteRolePermissionsBoundaryCommand,
  GetRoleCommand,
  GetUserCommand,
  ListEntitiesForPolicyCommand,
  ListPolicyTagsCommand,
  ListRolesCommand,
  PutRolePermissionsBoundaryCommand,
  TagPolicyCommand,
  UntagPolicyCommand,
  GetPolicyCommand,
} from '@aws-sdk/client-iam';
import { ADMIN, addIamAdmins, RESTRICTED, sdkError, startTestAws, WORKLOAD, type TestAws } from './support.js';

/** GetRole/GetUser with PermissionsBoundary, ListEntitiesForPolicy, policy tags: shapes the real @aws-sdk/client-iam parses. */

const BOUNDED = 'arn:aws:iam::111122223333:user/ops/bounded-user';
const BOUNDARY = 'arn:aws:iam::111122223333:policy/TokenBoundary';
const DEFAULT = 'arn:aws:iam::aws:policy/FedlabDefaultOutboundFederation';
const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ADMIN }, Action: 'sts:AssumeRole' }] });

let lab: TestAws;
beforeAll(async () => {
  lab = await startTestAws((aws) => {
    addIamAdmins(aws);
    aws.accounts[0].managedPolicies = [{ name: 'TokenBoundary', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sts:*', 'iam:GetUser'], Resource: '*' }] } }];
    aws.accounts[0].principals.push({
      arn: BOUNDED,
      accessKeyId: 'AKIAEXAMPLEBOUNDED01',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/EXAMPLEBOUNDED1',
      tags: { team: 'ops' },
      managedPolicyArns: ['arn:aws:iam::aws:policy/IAMFullAccess'],
      permissionsBoundary: BOUNDARY,
    });
  });
});
afterAll(() => lab.close());

const iam = () => lab.iam(ADMIN);

test('GetUser: by name with path, id, boundary and tags; without a name the calling user; role credentials must name one', async () => {
  const { User } = await iam().send(new GetUserCommand({ UserName: 'bounded-user' }));
  expect(User).toMatchObject({
    Path: '/ops/',
    UserName: 'bounded-user',
    Arn: BOUNDED,
    PermissionsBoundary: { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: BOUNDARY },
    Tags: [{ Key: 'team', Value: 'ops' }],
  });
  expect(User!.UserId).toMatch(/^AIDA[A-Z2-7]{17}$/);
  expect(User!.CreateDate).toBeInstanceOf(Date);
  // The boundary allows iam:GetUser, so the bounded user may ask about itself.
  expect((await lab.iam(BOUNDED).send(new GetUserCommand({}))).User).toMatchObject({ UserName: 'bounded-user' });
  const admin = (await iam().send(new GetUserCommand({}))).User!;
  expect(admin).toMatchObject({ UserName: 'fedlab-iam-admin', Path: '/' });
  expect(admin.PermissionsBoundary).toBeUndefined();
  expect(await sdkError(lab.iam(WORKLOAD).send(new GetUserCommand({})))).toMatchObject({ name: 'ValidationError', status: 400, message: 'Must specify userName when calling with non-User credentials' });
  expect(await sdkError(iam().send(new GetUserCommand({ UserName: 'nobody' })))).toMatchObject({ name: 'NoSuchEntityException', status: 404, message: 'The user with name nobody cannot be found.' });
  // The boundary does not allow iam:GetRole: refused by the boundary layer.
  const refused = await sdkError(lab.iam(BOUNDED).send(new GetRoleCommand({ RoleName: 'anything' })));
  expect(refused.message).toContain('because no permissions boundary allows the iam:GetRole action');
});

test('GetRole answers PermissionsBoundary while one is set; ListRoles leaves it out', async () => {
  await iam().send(new CreateRoleCommand({ RoleName: 'bounded-role', AssumeRolePolicyDocument: trust }));
  expect((await iam().send(new GetRoleCommand({ RoleName: 'bounded-role' }))).Role!.PermissionsBoundary).toBeUndefined();
  await iam().send(new PutRolePermissionsBoundaryCommand({ RoleName: 'bounded-role', PermissionsBoundary: BOUNDARY }));
  expect((await iam().send(new GetRoleCommand({ RoleName: 'bounded-role' }))).Role!.PermissionsBoundary).toEqual({ PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: BOUNDARY });
  const listed = (await iam().send(new ListRolesCommand({}))).Roles!.find((r) => r.RoleName === 'bounded-role')!;
  expect(listed.PermissionsBoundary).toBeUndefined();
  await iam().send(new DeleteRolePermissionsBoundaryCommand({ RoleName: 'bounded-role' }));
  expect((await iam().send(new GetRoleCommand({ RoleName: 'bounded-role' }))).Role!.PermissionsBoundary).toBeUndefined();
  await iam().send(new PutRolePermissionsBoundaryCommand({ RoleName: 'bounded-role', PermissionsBoundary: BOUNDARY }));
});

test('ListEntitiesForPolicy: users and roles that attach a policy or are bounded by it, with the filters', async () => {
  await iam().send(new AttachRolePolicyCommand({ RoleName: 'bounded-role', PolicyArn: BOUNDARY }));
  const all = await iam().send(new ListEntitiesForPolicyCommand({ PolicyArn: BOUNDARY }));
  expect(all.PolicyGroups).toEqual([]);
  expect(all.PolicyUsers).toEqual([{ UserName: 'bounded-user', UserId: expect.stringMatching(/^AIDA/) }]);
  expect(all.PolicyRoles).toEqual([{ RoleName: 'bounded-role', RoleId: expect.stringMatching(/^AROA/) }]);
  expect(all.IsTruncated).toBe(false);
  expect((await iam().send(new ListEntitiesForPolicyCommand({ PolicyArn: BOUNDARY, PolicyUsageFilter: 'PermissionsPolicy' }))).PolicyUsers).toEqual([]);
  expect((await iam().send(new ListEntitiesForPolicyCommand({ PolicyArn: BOUNDARY, EntityFilter: 'User' }))).PolicyRoles).toEqual([]);
  expect((await iam().send(new ListEntitiesForPolicyCommand({ PolicyArn: BOUNDARY, PathPrefix: '/ops/' }))).PolicyUsers!.map((u) => u.UserName)).toEqual(['bounded-user']);

  // The defaults' principals without policies carry FedlabDefaultOutboundFederation; fedlab-restricted does not.
  const first = await iam().send(new ListEntitiesForPolicyCommand({ PolicyArn: DEFAULT, EntityFilter: 'Role', MaxItems: 1 }));
  expect(first).toMatchObject({ IsTruncated: true, PolicyRoles: [{ RoleName: 'fedlab-workload' }] });
  const rest = await iam().send(new ListEntitiesForPolicyCommand({ PolicyArn: DEFAULT, EntityFilter: 'Role', Marker: first.Marker }));
  const names = [...first.PolicyRoles!, ...rest.PolicyRoles!].map((r) => r.RoleName);
  expect(names).toEqual(expect.arrayContaining(['fedlab-workload', 'fedlab-session']));
  expect(names).not.toContain(RESTRICTED.split('/').pop());

  expect(await sdkError(iam().send(new ListEntitiesForPolicyCommand({ PolicyArn: 'arn:aws:iam::111122223333:policy/Absent' })))).toMatchObject({ name: 'NoSuchEntityException', message: 'Policy arn:aws:iam::111122223333:policy/Absent was not found.' });
  expect(await sdkError(iam().send(new ListEntitiesForPolicyCommand({ PolicyArn: BOUNDARY, EntityFilter: 'Team' as never })))).toMatchObject({ name: 'ValidationError', message: expect.stringContaining("at 'entityFilter' failed to satisfy constraint: Member must satisfy enum value set") });
  expect(await sdkError(iam().send(new ListEntitiesForPolicyCommand({ PolicyArn: 'not-an-arn-at-all-here' })))).toMatchObject({ name: 'InvalidInputException' });
  expect(await sdkError(lab.iam(WORKLOAD).send(new ListEntitiesForPolicyCommand({ PolicyArn: BOUNDARY })))).toMatchObject({ name: 'AccessDenied', status: 403 });
});

test('TagPolicy / ListPolicyTags / UntagPolicy on a customer managed policy, kept in GetPolicy; AWS managed ones cannot be tagged', async () => {
  const created = await iam().send(new CreatePolicyCommand({ PolicyName: 'tagged', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:GetWebIdentityToken', Resource: '*' }] }), Tags: [{ Key: 'owner', Value: 'platform' }] }));
  const arn = created.Policy!.Arn!;
  await iam().send(new TagPolicyCommand({ PolicyArn: arn, Tags: [{ Key: 'env', Value: 'prod' }, { Key: 'OWNER', Value: 'security' }] }));
  expect((await iam().send(new ListPolicyTagsCommand({ PolicyArn: arn }))).Tags).toEqual([{ Key: 'env', Value: 'prod' }, { Key: 'OWNER', Value: 'security' }]);
  const page = await iam().send(new ListPolicyTagsCommand({ PolicyArn: arn, MaxItems: 1 }));
  expect(page).toMatchObject({ Tags: [{ Key: 'env' }], IsTruncated: true });
  await iam().send(new UntagPolicyCommand({ PolicyArn: arn, TagKeys: ['env', 'absent'] }));
  expect((await iam().send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!.Tags).toEqual([{ Key: 'OWNER', Value: 'security' }]);

  expect(await sdkError(iam().send(new TagPolicyCommand({ PolicyArn: arn, Tags: [{ Key: 'aws:team', Value: 'x' }] })))).toMatchObject({ name: 'InvalidInputException', message: 'User-defined tag keys must not begin with aws:.' });
  expect(await sdkError(iam().send(new TagPolicyCommand({ PolicyArn: DEFAULT, Tags: [{ Key: 'k', Value: 'v' }] })))).toMatchObject({ name: 'NoSuchEntityException' });
  const many = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
  expect(await sdkError(iam().send(new TagPolicyCommand({ PolicyArn: arn, Tags: many })))).toMatchObject({ name: 'LimitExceededException' });
  expect((await iam().send(new ListPolicyTagsCommand({ PolicyArn: DEFAULT }))).Tags).toEqual([]);
  // Users attach too, and ListEntitiesForPolicy sees it.
  await iam().send(new AttachUserPolicyCommand({ UserName: 'bounded-user', PolicyArn: arn }));
  expect((await iam().send(new ListEntitiesForPolicyCommand({ PolicyArn: arn }))).PolicyUsers!.map((u) => u.UserName)).toEqual(['bounded-user']);
});
