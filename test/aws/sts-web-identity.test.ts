import { CreateOpenIDConnectProviderCommand } from '@aws-sdk/client-iam';
import { AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, GetWebIdentityTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { fromWebToken } from '@aws-sdk/credential-providers';
import { ACCOUNT, addIamAdmins, OTHER, OTHER_ADMIN, OTHER_ACCOUNT, sdkError, startTestAws, WORKLOAD, type TestAws } from './support.js';

const ROLE = 'arn:aws:iam::444455556666:role/from-partner';

let lab: TestAws;
let providerArn: string;
let issuer: string;
beforeAll(async () => {
  lab = await startTestAws((aws) => {
    addIamAdmins(aws);
    aws.accounts[1].roles = [{ arn: ROLE, trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: '*' }] } }];
  });
  lab.aws.setFederation(ACCOUNT, true);
  issuer = lab.aws.urls.issuers[ACCOUNT]!;
  const created = await lab.iam(OTHER_ADMIN).send(new CreateOpenIDConnectProviderCommand({ Url: issuer, ClientIDList: ['sts.amazonaws.com'] }));
  providerArn = created.OpenIDConnectProviderArn!;
  const host = issuer.replace(/^http:\/\//, '');
  // Roles come from the configuration; the trust policy names the provider, whose ARN holds the port.
  lab.config.accounts[1]!.roles[0]!.trustPolicy = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: providerArn },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { [`${host}:aud`]: 'sts.amazonaws.com', [`${host}:sub`]: WORKLOAD } },
      },
    ],
  };
});
afterAll(() => lab.close());

const mint = async (arn: string, audience: string[]) =>
  (await lab.sts(arn).send(new GetWebIdentityTokenCommand({ Audience: audience, SigningAlgorithm: 'RS256' }))).WebIdentityToken!;
const unsigned = () => new STSClient({ endpoint: lab.aws.urls.endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' }, maxAttempts: 1 });

test("account B assumes a role with account A's outbound token (fromWebToken, unmodified)", async () => {
  const token = await mint(WORKLOAD, ['sts.amazonaws.com']);
  const credentials = fromWebToken({ roleArn: ROLE, roleSessionName: 'partner', webIdentityToken: token, clientConfig: { endpoint: lab.aws.urls.endpoint, region: 'eu-west-1', maxAttempts: 1 } });
  const sts = new STSClient({ endpoint: lab.aws.urls.endpoint, region: 'eu-west-1', credentials, maxAttempts: 1 });
  const me = await sts.send(new GetCallerIdentityCommand({}));
  expect(me).toMatchObject({ Account: OTHER_ACCOUNT, Arn: 'arn:aws:sts::444455556666:assumed-role/from-partner/partner' });
  const raw = await unsigned().send(new AssumeRoleWithWebIdentityCommand({ RoleArn: ROLE, RoleSessionName: 'raw', WebIdentityToken: token }));
  expect(raw).toMatchObject({ SubjectFromWebIdentityToken: WORKLOAD, Audience: 'sts.amazonaws.com', Provider: issuer });
  expect(raw.Credentials!.AccessKeyId).toMatch(/^ASIA/);
});

test('refusals: two audiences, an unregistered audience, another subject, garbage, a forged signature, an unknown issuer', async () => {
  const sts = unsigned();
  const call = (token: string) => sdkError(sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: ROLE, RoleSessionName: 's1', WebIdentityToken: token })));
  expect(await call(await mint(WORKLOAD, ['sts.amazonaws.com', 'api://AzureADTokenExchange']))).toMatchObject({ name: 'InvalidIdentityTokenException', status: 400, message: 'Incorrect token audience' });
  expect(await call(await mint(WORKLOAD, ['api://AzureADTokenExchange']))).toMatchObject({ name: 'InvalidIdentityTokenException', message: 'Incorrect token audience' });
  const restricted = lab.config.accounts[0]!.principals.find((p) => p.arn.endsWith('/fedlab-session'))!.arn;
  expect(await call(await mint(restricted, ['sts.amazonaws.com']))).toMatchObject({ name: 'AccessDenied', status: 403, message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity' });
  expect(await call('not-a-jwt')).toMatchObject({ name: 'InvalidIdentityTokenException', message: 'The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)' });
  const good = await mint(WORKLOAD, ['sts.amazonaws.com']);
  const [h, p, s] = good.split('.');
  const forged = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), sub: 'arn:aws:iam::111122223333:role/admin' })).toString('base64url')}.${s}`;
  expect(await call(forged)).toMatchObject({ name: 'InvalidIdentityTokenException' });
  const otherIssuer = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), iss: 'https://evil.example.com' })).toString('base64url')}.${s}`;
  expect(await call(otherIssuer)).toMatchObject({ name: 'InvalidIdentityTokenException', message: 'No OpenIDConnect provider found in your account for https://evil.example.com' });
  expect(await sdkError(sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: 'arn:aws:iam::444455556666:role/none', RoleSessionName: 's1', WebIdentityToken: good })))).toMatchObject({ name: 'AccessDenied' });
});

test('an expired token is ExpiredTokenException', async () => {
  const token = await mint(WORKLOAD, ['sts.amazonaws.com']);
  lab.clock.setOffsetMs(3600_000);
  try {
    const sts = new STSClient({ endpoint: lab.aws.urls.endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' }, maxAttempts: 1 });
    expect(await sdkError(sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: ROLE, RoleSessionName: 's1', WebIdentityToken: token })))).toMatchObject({ name: 'ExpiredTokenException', status: 400 });
  } finally {
    lab.clock.setOffsetMs(0);
  }
});
