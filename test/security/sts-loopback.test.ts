import { CreateOpenIDConnectProviderCommand } from '@aws-sdk/client-iam';
import { AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { addIamAdmins, OTHER_ADMIN, sdkError, startTestAws, type TestAws } from '../aws/support.js';
import { startIssuerServer, type IssuerServer } from './helpers/issuer-server.js';

/**
 * OUT-06 on the AWS side: an IAM OIDC provider created through the API (any IAM administrator of an
 * account) naming another loopback port is never fetched by STS; only STS's own origin and the
 * providers in aws.accounts[].oidcProviders are (docs/security.md "Outbound fetches").
 */
const ROLE = 'arn:aws:iam::444455556666:role/from-local-port';
let lab: TestAws;
let local: IssuerServer;
let providerArn: string;
beforeAll(async () => {
  local = await startIssuerServer({ shape: 'aws' });
  lab = await startTestAws((aws) => {
    addIamAdmins(aws);
    aws.accounts[1].roles = [{ arn: ROLE, trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: '*' }] } }];
  });
  const created = await lab.iam(OTHER_ADMIN).send(new CreateOpenIDConnectProviderCommand({ Url: local.issuer, ClientIDList: ['sts.amazonaws.com'] }));
  providerArn = created.OpenIDConnectProviderArn!;
  lab.config.accounts[1]!.roles[0]!.trustPolicy = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Federated: providerArn }, Action: 'sts:AssumeRoleWithWebIdentity' }],
  };
});
afterAll(async () => {
  await lab?.close();
  await local?.close();
});

test('OUT-06 (STS) a provider created through IAM on another loopback port is never fetched: the token is refused in awsQuery, the local service gets no request', async () => {
  const kid = local.published[0]!;
  const now = Math.floor(Date.now() / 1000);
  const token = await local.signRaw(JSON.stringify({ alg: 'RS256', kid, typ: 'JWT' }), JSON.stringify({ iss: local.issuer, sub: 'workload', aud: 'sts.amazonaws.com', iat: now, exp: now + 600 }), kid);
  const sts = new STSClient({ endpoint: lab.aws.urls.endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' }, maxAttempts: 1 });
  const refused = await sdkError(sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: ROLE, RoleSessionName: 'probe', WebIdentityToken: token })));
  expect(refused.status).toBe(400);
  // AWS's own text for a provider it cannot reach; the rule that refused the fetch stays in fedlab's trace.
  expect(refused).toMatchObject({ name: 'IDPCommunicationErrorException', message: expect.stringContaining("Couldn't retrieve verification key from your identity provider") });
  // The positive control (a loopback provider from the configuration is fetched): sts-web-identity-battery.test.ts.
  expect(local.total()).toBe(0);
});
