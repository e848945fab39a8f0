import { GetCallerIdentityCommand, GetWebIdentityTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { Fedlab } from 'fedlab';
import { startProxiedFedlab } from './support.js';

let fedlab: Fedlab;
beforeAll(async () => {
  fedlab = await startProxiedFedlab();
});
afterAll(() => fedlab.close());

const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const sts = (region: string) => new STSClient({ region, credentials, requestHandler: new NodeHttpHandler({ httpsAgent: fedlab.proxyAgent() }) });

test('fedlab.env names the proxy, loopback as NO_PROXY and the CA for each ecosystem', () => {
  expect(fedlab.env).toMatchObject({
    HTTPS_PROXY: fedlab.urls.proxy!.url,
    NO_PROXY: 'localhost,127.0.0.1,::1',
    NODE_USE_ENV_PROXY: '1',
    NODE_EXTRA_CA_CERTS: fedlab.urls.ca,
    AWS_CA_BUNDLE: fedlab.urls.ca,
    REQUESTS_CA_BUNDLE: fedlab.urls.ca,
    SSL_CERT_FILE: fedlab.urls.ca,
  });
});

test('proxyFetch reaches an account issuer by its real name, with discovery naming the same string', async () => {
  const issuer = fedlab.urls.aws.issuers['111122223333']!;
  const discovery = (await (await fedlab.proxyFetch!(`${issuer}/.well-known/openid-configuration`)).json()) as { issuer: string; jwks_uri: string };
  expect(discovery.issuer).toBe(issuer);
  expect(discovery.jwks_uri).toBe(`${issuer}/.well-known/jwks.json`);
  const jwks = (await (await fedlab.proxyFetch!(discovery.jwks_uri)).json()) as { keys: unknown[] };
  expect(jwks.keys.length).toBeGreaterThan(0);
});

test('an issuer id fedlab does not have is refused by the proxy (no such host)', async () => {
  await expect(fedlab.proxyFetch!('https://00000000-0000-4000-8000-000000000000.tokens.sts.global.api.aws/.well-known/openid-configuration')).rejects.toThrow();
});

test('the AWS SDK with default endpoints: GetCallerIdentity on the global endpoint, GetWebIdentityToken refused there and served regionally', async () => {
  const global = sts('aws-global');
  await expect(global.send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({ Account: '111122223333' });
  await expect(global.send(new GetWebIdentityTokenCommand({ Audience: ['api://AzureADTokenExchange'], SigningAlgorithm: 'RS256' }))).rejects.toMatchObject({ name: 'InvalidAction' });
  const regional = await sts('ap-southeast-2').send(new GetWebIdentityTokenCommand({ Audience: ['api://AzureADTokenExchange'], SigningAlgorithm: 'RS256' }));
  const claims = JSON.parse(Buffer.from(regional.WebIdentityToken!.split('.')[1]!, 'base64url').toString());
  expect(claims.iss).toBe(fedlab.urls.real!.issuers['111122223333']);
  expect(claims['https://sts.amazonaws.com/'].source_region).toBe('ap-southeast-2');
});

test("the console reaches the real-form issuers through the proxy, as a relying party would (discovery and keys)", async () => {
  const response = await fetch(`${fedlab.urls.console!.url}/api/aws/issuers`);
  const { value } = (await response.json()) as { value: { accountId: string; issuer: string; discoveryStatus: number | null; jwksStatus: number | null; keys: unknown[]; problem?: string }[] };
  const entry = value.find((e) => e.accountId === '111122223333')!;
  expect(entry).toMatchObject({ issuer: fedlab.urls.real!.issuers['111122223333'], discoveryStatus: 200, jwksStatus: 200 });
  expect(entry.problem).toBeUndefined();
  expect(entry.keys.length).toBeGreaterThan(0);
});
