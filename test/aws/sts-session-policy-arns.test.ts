import { AssumeRoleCommand, GetWebIdentityTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { ACCOUNT, sdkError, startTestAws, type TestAws } from './support.js';

const USER = 'arn:aws:iam::111122223333:user/fedlab-deployer';
const APP_ROLE = 'arn:aws:iam::111122223333:role/app';
const NO_AUDIENCE_LIMIT = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:GetWebIdentityToken', Resource: '*' }] };

let lab: TestAws;
const clients: { destroy(): void }[] = [];
beforeAll(async () => {
  lab = await startTestAws((aws) => {
    aws.accounts[0].principals.push({ arn: USER, accessKeyId: 'AKIAEXAMPLEDEPLOYER1', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/EXAMPLEDEPLOYER' });
    aws.accounts[0].managedPolicies = [
      { name: 'OnlyAzureAudience', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:GetWebIdentityToken', Resource: '*', Condition: { 'ForAllValues:StringEquals': { 'sts:IdentityTokenAudience': ['api://AzureADTokenExchange'] } } }] } },
    ];
    aws.accounts[0].roles = [{ arn: APP_ROLE, trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: USER }, Action: 'sts:AssumeRole' }] }, policies: [NO_AUDIENCE_LIMIT] }];
  });
  lab.aws.setFederation(ACCOUNT, true);
});
afterAll(async () => {
  clients.forEach((c) => c.destroy());
  await lab.close();
});

const session = async (policyArns: string[]) => {
  const out = await lab.sts(USER).send(new AssumeRoleCommand({ RoleArn: APP_ROLE, RoleSessionName: 'capped', PolicyArns: policyArns.map((arn) => ({ arn })) }));
  const { AccessKeyId, SecretAccessKey, SessionToken } = out.Credentials!;
  const client = new STSClient({ endpoint: lab.aws.urls.endpoint, region: 'eu-north-1', credentials: { accessKeyId: AccessKeyId!, secretAccessKey: SecretAccessKey!, sessionToken: SessionToken! }, maxAttempts: 1 });
  clients.push(client);
  return client;
};
const mint = (sts: STSClient, audience: string) => sts.send(new GetWebIdentityTokenCommand({ Audience: [audience], SigningAlgorithm: 'RS256' }));

test('a customer managed PolicyArns session policy caps what the session may mint', async () => {
  const capped = await session(['arn:aws:iam::111122223333:policy/OnlyAzureAudience']);
  await expect(mint(capped, 'api://AzureADTokenExchange')).resolves.toHaveProperty('WebIdentityToken');
  const refused = await sdkError(mint(capped, 'https://elsewhere.example.com'));
  expect(refused).toMatchObject({ name: 'AccessDenied', status: 403 });
  expect(refused.message).toContain('session policy');
  const free = await session([]);
  await expect(mint(free, 'https://elsewhere.example.com')).resolves.toHaveProperty('WebIdentityToken');
});

test('an AWS managed policy that does not allow the action caps it too; an unknown ARN or one of another account is refused', async () => {
  const iamOnly = await session(['arn:aws:iam::aws:policy/IAMFullAccess']);
  expect(await sdkError(mint(iamOnly, 'api://AzureADTokenExchange'))).toMatchObject({ name: 'AccessDenied' });
  for (const arn of ['arn:aws:iam::111122223333:policy/Missing', 'arn:aws:iam::444455556666:policy/OnlyAzureAudience', 'arn:aws:iam::aws:policy/NoSuchManagedPolicy']) {
    expect(await sdkError(lab.sts(USER).send(new AssumeRoleCommand({ RoleArn: APP_ROLE, RoleSessionName: 'x1', PolicyArns: [{ arn }] })))).toMatchObject({
      name: 'MalformedPolicyDocumentException',
      status: 400,
      message: `Policy ${arn} does not exist or is not attachable.`,
    });
  }
  const eleven = Array.from({ length: 11 }, () => ({ arn: 'arn:aws:iam::aws:policy/IAMFullAccess' }));
  expect(await sdkError(lab.sts(USER).send(new AssumeRoleCommand({ RoleArn: APP_ROLE, RoleSessionName: 'x2', PolicyArns: eleven })))).toMatchObject({ name: 'ValidationError', status: 400 });
});
