import {
  DisableOutboundWebIdentityFederationCommand,
  EnableOutboundWebIdentityFederationCommand,
  GetOutboundWebIdentityFederationInfoCommand,
} from '@aws-sdk/client-iam';
import { GetWebIdentityTokenCommand } from '@aws-sdk/client-sts';
import { OTHER, OTHER_ACCOUNT, sdkError, startTestAws, type TestAws } from './support.js';

let lab: TestAws;
beforeAll(async () => {
  lab = await startTestAws();
});
afterAll(() => lab.close());

const mint = () => lab.sts(OTHER).send(new GetWebIdentityTokenCommand({ Audience: ['api://AzureADTokenExchange'], SigningAlgorithm: 'RS256' }));

test('the IAM switch of an account that starts disabled: Get/Disable 404, Enable, Enable again 409, Get, Disable, re-enable with the same issuer', async () => {
  const iam = lab.iam(OTHER);
  const issuer = lab.aws.urls.issuers[OTHER_ACCOUNT];
  expect(issuer).toMatch(new RegExp(`^${lab.aws.urls.endpoint}/[0-9a-f-]{36}$`));

  expect(await sdkError(iam.send(new GetOutboundWebIdentityFederationInfoCommand({})))).toMatchObject({ name: 'FeatureDisabledException', status: 404 });
  expect(await sdkError(iam.send(new DisableOutboundWebIdentityFederationCommand({})))).toMatchObject({ name: 'FeatureDisabledException', status: 404 });
  expect(await sdkError(mint())).toMatchObject({ name: 'OutboundWebIdentityFederationDisabledException', status: 403 });

  const enabled = await iam.send(new EnableOutboundWebIdentityFederationCommand({}));
  expect(enabled.IssuerIdentifier).toBe(issuer);
  expect(enabled.$metadata).toMatchObject({ httpStatusCode: 200, requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  expect(await sdkError(iam.send(new EnableOutboundWebIdentityFederationCommand({})))).toMatchObject({ name: 'FeatureEnabledException', status: 409 });

  const info = await iam.send(new GetOutboundWebIdentityFederationInfoCommand({}));
  expect(info).toMatchObject({ IssuerIdentifier: issuer, JwtVendingEnabled: true });
  expect((await mint()).WebIdentityToken).toMatch(/^eyJ/);

  const disabled = await iam.send(new DisableOutboundWebIdentityFederationCommand({}));
  expect(disabled.$metadata.httpStatusCode).toBe(200);
  expect(await sdkError(iam.send(new GetOutboundWebIdentityFederationInfoCommand({})))).toMatchObject({ name: 'FeatureDisabledException', status: 404 });
  expect(await sdkError(mint())).toMatchObject({ name: 'OutboundWebIdentityFederationDisabledException', status: 403 });

  // Tokens issued before Disable stay verifiable: discovery and keys are still served.
  const jwks = await fetch(`${issuer}/.well-known/jwks.json`);
  expect(jwks.status).toBe(200);
  expect((await jwks.json()).keys).toHaveLength(2);
  expect((await fetch(`${issuer}/.well-known/openid-configuration`)).status).toBe(200);

  const again = await iam.send(new EnableOutboundWebIdentityFederationCommand({}));
  expect(again.IssuerIdentifier).toBe(issuer);
  expect(lab.events.recent().filter((e) => e.type.startsWith('federation-')).map((e) => e.type)).toEqual(['federation-enabled', 'federation-disabled', 'federation-enabled']);
});

test('the switch is per account: the caller’s access key picks the account', async () => {
  lab.aws.setFederation(OTHER_ACCOUNT, false);
  const iam = lab.iam('arn:aws:iam::111122223333:role/fedlab-workload', 'us-east-1');
  const info = await iam.send(new GetOutboundWebIdentityFederationInfoCommand({}));
  expect(info.IssuerIdentifier).toBe(lab.aws.urls.issuers['111122223333']);
  expect(lab.aws.federationEnabled(OTHER_ACCOUNT)).toBe(false);
});

test('IAM errors carry the awsQuery envelope details the SDK exposes', async () => {
  lab.aws.setFederation(OTHER_ACCOUNT, true);
  const error = (await sdkError(lab.iam(OTHER).send(new EnableOutboundWebIdentityFederationCommand({})))) as { name: string; message: string };
  expect(error.message).toBe('Outbound web identity federation is already enabled for this account.');
  const rejected = lab.events.recent().filter((e) => e.type === 'iam-rejected').at(-1)!;
  expect(rejected).toMatchObject({ code: 'FeatureEnabled', failedCheck: 'federation-not-yet-enabled', accountId: OTHER_ACCOUNT });
});
