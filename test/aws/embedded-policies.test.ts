import { readFileSync } from 'node:fs';
import { GetRolePolicyCommand, ListAttachedRolePoliciesCommand, ListRolePoliciesCommand } from '@aws-sdk/client-iam';
import { DescribePolicyCommand, ListPoliciesCommand, ListPoliciesForTargetCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { GetWebIdentityTokenCommand } from '@aws-sdk/client-sts';
import { DEFAULT_CONFIG_FILE } from '../../src/config.js';
import { addIamAdmins, ADMIN, RESTRICTED, sdkError, startTestAws, WORKLOAD, type TestAws } from './support.js';

/** The embedded defaults carry real policy documents, a management account and an example SCP; the legacy shorthand still works. */

const ORG_ADMIN = 'arn:aws:iam::123456789012:user/fedlab-org-admin';
const LEGACY = 'arn:aws:iam::111122223333:role/legacy-shorthand';

let lab: TestAws;
let orgs: OrganizationsClient;
beforeAll(async () => {
  lab = await startTestAws((aws) => {
    aws.accounts[0].principals.push({
      arn: LEGACY,
      accessKeyId: 'AKIAEXAMPLELEGACY001',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/EXAMPLELEGACY01',
      policy: { audiences: ['api://AzureADTokenExchange'], maxDurationSeconds: 900 },
    });
    addIamAdmins(aws);
  });
  orgs = new OrganizationsClient({ endpoint: lab.aws.urls.endpoint, region: 'us-east-1', credentials: lab.credentials(ORG_ADMIN), maxAttempts: 1 });
});
afterAll(async () => {
  orgs.destroy();
  await lab.close();
});

const iam = () => lab.iam(ADMIN);
const mint = (arn: string, input: { Audience?: string[]; SigningAlgorithm?: string; DurationSeconds?: number } = {}) =>
  lab.sts(arn).send(new GetWebIdentityTokenCommand({ Audience: ['api://AzureADTokenExchange'], SigningAlgorithm: 'RS256', ...input }));

test('the embedded principals declare JSON policy documents, not the shorthand', () => {
  const text = readFileSync(DEFAULT_CONFIG_FILE, 'utf8');
  expect(text).not.toMatch(/^\s+policy:\s*$/m);
  const restricted = lab.config.accounts[0]!.principals.find((p) => p.arn === RESTRICTED)!;
  expect(restricted.policy).toBeNull();
  expect(Object.keys(restricted.inlinePolicies!)).toEqual(['MintForEntraOnly']);
});

test('fedlab-restricted: GetRolePolicy returns the document; its conditions decide', async () => {
  expect((await iam().send(new ListRolePoliciesCommand({ RoleName: 'fedlab-restricted' }))).PolicyNames).toEqual(['MintForEntraOnly']);
  const got = await iam().send(new GetRolePolicyCommand({ RoleName: 'fedlab-restricted', PolicyName: 'MintForEntraOnly' }));
  const document = JSON.parse(decodeURIComponent(got.PolicyDocument!));
  expect(document.Statement[0]).toMatchObject({
    Sid: 'MintForEntra',
    Condition: {
      Null: { 'sts:IdentityTokenAudience': 'false' },
      'ForAllValues:StringEquals': { 'sts:IdentityTokenAudience': ['api://AzureADTokenExchange'] },
      NumericLessThanEqualsIfExists: { 'sts:DurationSeconds': 900 },
      StringEquals: { 'sts:SigningAlgorithm': 'RS256' },
    },
  });
  lab.aws.setFederation('111122223333', true);
  await mint(RESTRICTED, { DurationSeconds: 900 });
  await mint(RESTRICTED);
  for (const input of [{ Audience: ['https://example.com'] }, { DurationSeconds: 3600 }, { SigningAlgorithm: 'ES384' }]) {
    const refused = await sdkError(mint(RESTRICTED, input));
    expect(refused).toMatchObject({ name: 'AccessDenied', status: 403 });
    expect(refused.message).toContain('because no identity-based policy allows the sts:GetWebIdentityToken action');
  }
});

test('the management account sees the example SCP; it caps member tokens at one hour, the STS maximum', async () => {
  const listed = await orgs.send(new ListPoliciesCommand({ Filter: 'SERVICE_CONTROL_POLICY' }));
  expect(listed.Policies!.map((p) => p.Name)).toEqual(['FullAWSAccess', 'CapTokenLifetime']);
  const cap = listed.Policies!.find((p) => p.Name === 'CapTokenLifetime')!;
  const content = JSON.parse((await orgs.send(new DescribePolicyCommand({ PolicyId: cap.Id! }))).Policy!.Content!);
  expect(content.Statement[0]).toMatchObject({ Sid: 'DenyTokensOverOneHour', Effect: 'Deny', Condition: { NumericGreaterThan: { 'sts:DurationSeconds': 3600 } } });
  expect((await orgs.send(new ListPoliciesForTargetCommand({ TargetId: 'ou-ab12-11111111', Filter: 'SERVICE_CONTROL_POLICY' }))).Policies!.map((p) => p.Name)).toEqual(['FullAWSAccess', 'CapTokenLifetime']);
  lab.aws.setFederation('111122223333', true);
  await mint(WORKLOAD, { DurationSeconds: 3600 });
});

test('the legacy policy: shorthand is still accepted, compiled into FedlabShorthandPolicy', async () => {
  expect((await iam().send(new ListRolePoliciesCommand({ RoleName: 'legacy-shorthand' }))).PolicyNames).toEqual(['FedlabShorthandPolicy']);
  expect((await iam().send(new ListAttachedRolePoliciesCommand({ RoleName: 'legacy-shorthand' }))).AttachedPolicies).toEqual([]);
  const got = await iam().send(new GetRolePolicyCommand({ RoleName: 'legacy-shorthand', PolicyName: 'FedlabShorthandPolicy' }));
  expect(JSON.parse(decodeURIComponent(got.PolicyDocument!)).Statement[0].Condition).toEqual({
    'ForAllValues:StringEquals': { 'sts:IdentityTokenAudience': ['api://AzureADTokenExchange'] },
    NumericLessThanEqualsIfExists: { 'sts:DurationSeconds': 900 },
  });
  lab.aws.setFederation('111122223333', true);
  await mint(LEGACY, { DurationSeconds: 900, SigningAlgorithm: 'ES384' });
  expect(await sdkError(mint(LEGACY, { DurationSeconds: 3600 }))).toMatchObject({ name: 'AccessDenied' });
  expect(await sdkError(mint(LEGACY, { Audience: ['https://example.com'] }))).toMatchObject({ name: 'AccessDenied' });
});
