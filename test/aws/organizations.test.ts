import {
  AttachPolicyCommand,
  CreatePolicyCommand,
  DeletePolicyCommand,
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  DetachPolicyCommand,
  EnablePolicyTypeCommand,
  ListAccountsCommand,
  ListPoliciesCommand,
  ListPoliciesForTargetCommand,
  ListRootsCommand,
  ListTargetsForPolicyCommand,
  OrganizationsClient,
  UpdatePolicyCommand,
} from '@aws-sdk/client-organizations';
import { GetOutboundWebIdentityFederationInfoCommand } from '@aws-sdk/client-iam';
import { GetWebIdentityTokenCommand } from '@aws-sdk/client-sts';
import { RESTRICTED, sdkError, startTestAws, WORKLOAD, type TestAws } from './support.js';

/** AWS Organizations over JSON 1.1 with the real @aws-sdk/client-organizations; SCP changes decide the member's next request. */

const MANAGER = 'arn:aws:iam::123456789012:user/fedlab-org-admin';
const LONER = 'arn:aws:iam::555566667777:user/loner';
const OU = 'ou-ab12-11111111';
const doc = (statements: Record<string, unknown>[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const capAt900 = doc([{ Sid: 'CapTokenLifetime', Effect: 'Deny', Action: 'sts:GetWebIdentityToken', Resource: '*', Condition: { NumericGreaterThan: { 'sts:DurationSeconds': '900' } } }]);

let lab: TestAws;
const clients: OrganizationsClient[] = [];
const orgs = (arn: string) => {
  const client = new OrganizationsClient({ endpoint: lab.aws.urls.endpoint, region: 'us-east-1', credentials: lab.credentials(arn), maxAttempts: 1 });
  clients.push(client);
  return client;
};
beforeAll(async () => {
  lab = await startTestAws((aws) => {
    aws.accounts[0].principals[1].managedPolicyArns = ['arn:aws:iam::aws:policy/AWSOrganizationsFullAccess'];
    // The embedded management account, without the example SCP: this file builds its own.
    aws.organizations = [];
    aws.accounts.push({ id: '555566667777', principals: [{ arn: LONER, accessKeyId: 'AKIAEXAMPLELONER0001', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/EXAMPLELONER01', managedPolicyArns: ['arn:aws:iam::aws:policy/AWSOrganizationsFullAccess'] }] });
  });
  lab.aws.setFederation('111122223333', true);
});
afterAll(async () => {
  clients.forEach((c) => c.destroy());
  await lab.close();
});

const mint = (DurationSeconds: number) => lab.sts(WORKLOAD).send(new GetWebIdentityTokenCommand({ Audience: ['api://AzureADTokenExchange'], SigningAlgorithm: 'RS256', DurationSeconds }));

test('DescribeOrganization for members; the management account alone lists roots, accounts and policies', async () => {
  const described = await orgs(RESTRICTED).send(new DescribeOrganizationCommand({}));
  expect(described.Organization).toMatchObject({ Id: 'o-exampleorg1', FeatureSet: 'ALL', MasterAccountId: '123456789012', Arn: 'arn:aws:organizations::123456789012:organization/o-exampleorg1' });
  expect(await sdkError(orgs(RESTRICTED).send(new ListRootsCommand({})))).toMatchObject({ name: 'AccessDeniedException', status: 400, message: "You don't have permissions to access this resource." });
  expect(await sdkError(orgs(LONER).send(new DescribeOrganizationCommand({})))).toMatchObject({ name: 'AWSOrganizationsNotInUseException', message: 'Your account is not a member of an organization.' });

  const manager = orgs(MANAGER);
  expect((await manager.send(new ListRootsCommand({}))).Roots).toEqual([{ Id: 'r-ab12', Arn: 'arn:aws:organizations::123456789012:root/o-exampleorg1/r-ab12', Name: 'Root', PolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }] }]);
  expect((await manager.send(new ListAccountsCommand({}))).Accounts!.map((a) => a.Id).sort()).toEqual(['111122223333', '123456789012']);
  const listed = await manager.send(new ListPoliciesCommand({ Filter: 'SERVICE_CONTROL_POLICY' }));
  expect(listed.Policies).toEqual([{ Id: 'p-FullAWSAccess', Arn: 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess', Name: 'FullAWSAccess', Description: 'Allows access to every operation', Type: 'SERVICE_CONTROL_POLICY', AwsManaged: true }]);
});

test('an SCP attached to the OU caps token lifetime at 900 s on the next request; detach, update, delete', async () => {
  const manager = orgs(MANAGER);
  const created = await manager.send(new CreatePolicyCommand({ Name: 'cap-token-lifetime', Description: 'at most 15 minutes', Type: 'SERVICE_CONTROL_POLICY', Content: capAt900 }));
  const id = created.Policy!.PolicySummary!.Id!;
  expect(id).toMatch(/^p-[0-9a-z]{8}$/);
  expect(created.Policy).toMatchObject({ Content: capAt900, PolicySummary: { Name: 'cap-token-lifetime', AwsManaged: false, Arn: `arn:aws:organizations::123456789012:policy/o-exampleorg1/service_control_policy/${id}` } });
  await mint(3600);
  await manager.send(new AttachPolicyCommand({ PolicyId: id, TargetId: OU }));
  const denied = await sdkError(mint(3600));
  expect(denied).toMatchObject({ name: 'AccessDenied', status: 403 });
  expect(denied.message).toContain('with an explicit deny in a service control policy');
  expect(lab.events.recent().filter((e) => e.type === 'sts-rejected').at(-1)).toMatchObject({ deniedBy: 'service control policy', decidingPolicy: 'cap-token-lifetime', decidingSid: 'CapTokenLifetime' });
  await mint(900);

  expect(await sdkError(manager.send(new AttachPolicyCommand({ PolicyId: id, TargetId: OU })))).toMatchObject({ name: 'DuplicatePolicyAttachmentException' });
  expect((await manager.send(new ListPoliciesForTargetCommand({ TargetId: OU, Filter: 'SERVICE_CONTROL_POLICY' }))).Policies!.map((p) => p.Name)).toEqual(['FullAWSAccess', 'cap-token-lifetime']);
  expect((await manager.send(new ListTargetsForPolicyCommand({ PolicyId: id }))).Targets).toEqual([{ TargetId: OU, Arn: `arn:aws:organizations::123456789012:ou/o-exampleorg1/${OU}`, Name: OU, Type: 'ORGANIZATIONAL_UNIT' }]);
  expect(await sdkError(manager.send(new DeletePolicyCommand({ PolicyId: id })))).toMatchObject({ name: 'PolicyInUseException' });

  await manager.send(new UpdatePolicyCommand({ PolicyId: id, Content: capAt900.replace('"900"', '"3600"') }));
  await mint(3600);
  expect((await manager.send(new DescribePolicyCommand({ PolicyId: id }))).Policy!.Content).toContain('3600');
  await manager.send(new DetachPolicyCommand({ PolicyId: id, TargetId: OU }));
  expect(await sdkError(manager.send(new DetachPolicyCommand({ PolicyId: id, TargetId: OU })))).toMatchObject({ name: 'PolicyNotAttachedException' });
  await manager.send(new DeletePolicyCommand({ PolicyId: id }));
  expect(await sdkError(manager.send(new DescribePolicyCommand({ PolicyId: id })))).toMatchObject({ name: 'PolicyNotFoundException', message: "We can't find a policy with the PolicyId that you specified." });
});

test('an allow-list SCP without FullAWSAccess: what it does not allow is refused by the SCP layer', async () => {
  const manager = orgs(MANAGER);
  expect(await sdkError(manager.send(new DetachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: '111122223333' })))).toMatchObject({ name: 'ConstraintViolationException' });
  const only = await manager.send(new CreatePolicyCommand({ Name: 'tokens-only', Description: '', Type: 'SERVICE_CONTROL_POLICY', Content: doc([{ Effect: 'Allow', Action: 'sts:*', Resource: '*' }]) }));
  const id = only.Policy!.PolicySummary!.Id!;
  await manager.send(new AttachPolicyCommand({ PolicyId: id, TargetId: '111122223333' }));
  await manager.send(new DetachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: '111122223333' }));
  await mint(900);
  const denied = await sdkError(lab.iam(WORKLOAD).send(new GetOutboundWebIdentityFederationInfoCommand({})));
  expect(denied.message).toContain('because no service control policy allows the iam:GetOutboundWebIdentityFederationInfo action');
  await manager.send(new AttachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: '111122223333' }));
  await lab.iam(WORKLOAD).send(new GetOutboundWebIdentityFederationInfoCommand({}));
});

test("RCPs need EnablePolicyType; Organizations' errors", async () => {
  const manager = orgs(MANAGER);
  const rcp = doc([{ Effect: 'Deny', Principal: '*', Action: 'sts:*', Resource: '*', Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } } }]);
  expect(await sdkError(manager.send(new CreatePolicyCommand({ Name: 'tls-only', Description: '', Type: 'RESOURCE_CONTROL_POLICY', Content: rcp })))).toMatchObject({ name: 'PolicyTypeNotEnabledException' });
  const enabled = await manager.send(new EnablePolicyTypeCommand({ RootId: 'r-ab12', PolicyType: 'RESOURCE_CONTROL_POLICY' }));
  expect(enabled.Root!.PolicyTypes).toEqual([{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }, { Type: 'RESOURCE_CONTROL_POLICY', Status: 'ENABLED' }]);
  expect(await sdkError(manager.send(new EnablePolicyTypeCommand({ RootId: 'r-ab12', PolicyType: 'RESOURCE_CONTROL_POLICY' })))).toMatchObject({ name: 'PolicyTypeAlreadyEnabledException' });
  expect(await sdkError(manager.send(new EnablePolicyTypeCommand({ RootId: 'r-zz99', PolicyType: 'SERVICE_CONTROL_POLICY' })))).toMatchObject({ name: 'RootNotFoundException' });
  const created = await manager.send(new CreatePolicyCommand({ Name: 'tls-only', Description: '', Type: 'RESOURCE_CONTROL_POLICY', Content: rcp }));
  expect(created.Policy!.PolicySummary!.Type).toBe('RESOURCE_CONTROL_POLICY');
  await mint(900);

  expect(await sdkError(manager.send(new CreatePolicyCommand({ Name: 'bad', Description: '', Type: 'SERVICE_CONTROL_POLICY', Content: '{nope' })))).toMatchObject({ name: 'MalformedPolicyDocumentException' });
  expect(await sdkError(manager.send(new CreatePolicyCommand({ Name: 'tls-only', Description: '', Type: 'RESOURCE_CONTROL_POLICY', Content: rcp })))).toMatchObject({ name: 'DuplicatePolicyException' });
  expect(await sdkError(manager.send(new AttachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: '999988887777' })))).toMatchObject({ name: 'TargetNotFoundException' });
  expect(await sdkError(manager.send(new UpdatePolicyCommand({ PolicyId: 'p-FullAWSAccess', Name: 'mine' })))).toMatchObject({ name: 'ConstraintViolationException' });
  expect(await sdkError(manager.send(new DescribePolicyCommand({ PolicyId: 'nope' })))).toMatchObject({ name: 'InvalidInputException' });
  // IAM decides first: a member account's principal without Organizations permissions.
  expect(await sdkError(orgs(WORKLOAD).send(new ListPoliciesCommand({ Filter: 'SERVICE_CONTROL_POLICY' })))).toMatchObject({ name: 'AccessDeniedException', message: expect.stringContaining('because no identity-based policy allows the organizations:ListPolicies action') });
});
