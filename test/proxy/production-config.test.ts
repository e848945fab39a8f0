import { fileURLToPath } from 'node:url';
import type { Fedlab } from 'fedlab';
import { CLIENT, TENANT, runWithFedlabEnv, startProxiedFedlab } from './support.js';

const PROGRAM = fileURLToPath(new URL('./programs/read-secret.mjs', import.meta.url));

let fedlab: Fedlab;
beforeAll(async () => {
  fedlab = await startProxiedFedlab((config) => {
    config.entra!.strict = true;
  });
});
afterAll(() => fedlab.close());

interface ProductionRun {
  value: string;
  issuer: string;
  id: string;
  vaultUrl: string;
  parsed: { vaultUrl: string; name: string; version: string; sourceId: string };
  versionIds: string[];
  againValue: string;
}

function runProduction(region: string): Promise<ProductionRun> {
  return runWithFedlabEnv(fedlab, process.execPath, [PROGRAM], { AWS_REGION: region, VAULT_URL: 'https://fedlab-vault.vault.azure.net' }).then((out) => JSON.parse(out));
}

test('the urls file names the proxy and the real names', () => {
  const issuerId = fedlab.aws.accounts().find((a) => a.id === '111122223333')!.issuerId;
  expect(fedlab.urls.proxy!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(fedlab.urls.real).toEqual({
    authorityHost: 'https://login.microsoftonline.com',
    vaults: ['https://fedlab-vault.vault.azure.net'],
    issuers: expect.objectContaining({ '111122223333': `https://${issuerId}.tokens.sts.global.api.aws` }),
  });
});

test('a production-configured program reads the Key Vault secret through the proxy, strict mode on, with the real AWS issuer', async () => {
  const out = await runProduction('us-east-1');
  expect(out.value).toBe('hello from Azure, fetched with no long-lived secret');
  expect(out.issuer).toMatch(/^https:\/\/[0-9a-f-]{36}\.tokens\.sts\.global\.api\.aws$/);
  expect(out.issuer).toBe(fedlab.urls.aws.issuers['111122223333']);
}, 90_000);

test('Key Vault ids name the real vault host through the proxy, and SecretClient parses them back', async () => {
  const out = await runProduction('us-east-1');
  expect(out.id).toMatch(/^https:\/\/fedlab-vault\.vault\.azure\.net\/secrets\/demo-secret\/[0-9a-f]{32}$/);
  expect(out.vaultUrl).toBe('https://fedlab-vault.vault.azure.net');
  expect(out.parsed).toMatchObject({ vaultUrl: 'https://fedlab-vault.vault.azure.net', name: 'demo-secret', version: out.id.split('/').pop() });
  expect(out.versionIds.length).toBeGreaterThan(0);
  for (const id of out.versionIds) expect(id).toMatch(/^https:\/\/fedlab-vault\.vault\.azure\.net\/secrets\/demo-secret\/[0-9a-f]{32}$/);
  expect(out.againValue).toBe(out.value);
}, 90_000);

test('the same vault reached at its listener keeps the listener URL in its ids (the contract without the proxy)', async () => {
  const { SecretClient } = await import('@azure/keyvault-secrets');
  const { ClientAssertionCredential } = await import('@azure/identity');
  const { GetWebIdentityTokenCommand, STSClient } = await import('@aws-sdk/client-sts');
  const sts = new STSClient({ endpoint: fedlab.urls.aws.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' } });
  const credential = new ClientAssertionCredential(TENANT, CLIENT, async () => (await sts.send(new GetWebIdentityTokenCommand({ Audience: ['api://AzureADTokenExchange'], SigningAlgorithm: 'RS256' }))).WebIdentityToken!, {
    authorityHost: fedlab.urls.entra!.authorityHost,
    disableInstanceDiscovery: true,
    tlsOptions: { ca: fedlab.ca },
  });
  const client = new SecretClient(fedlab.urls.vault!.url, credential, { tlsOptions: { ca: fedlab.ca }, disableChallengeResourceVerification: true });
  const secret = await client.getSecret('demo-secret');
  expect(secret.properties.id!.startsWith(`${fedlab.urls.vault!.url}/secrets/demo-secret/`)).toBe(true);
  sts.destroy();
}, 90_000);

test('another region (sts.eu-west-1.amazonaws.com) works the same way', async () => {
  const out = await runProduction('eu-west-1');
  expect(out.value).toBe('hello from Azure, fetched with no long-lived secret');
}, 90_000);

test('msal-node with the default authority host gets an Entra token through the proxy (v1 issuer of the real form)', async () => {
  const out = JSON.parse(await runWithFedlabEnv(fedlab, process.execPath, [fileURLToPath(new URL('./programs/msal-default-authority.mjs', import.meta.url))]));
  expect(out.iss).toBe('https://sts.windows.net/8c1f6a52-3c0e-4f2e-9d51-6f0b1d2a7e10/');
  expect(out.aud).toBe('https://graph.microsoft.com');
  expect(out.authority).toBe('https://login.microsoftonline.com/8c1f6a52-3c0e-4f2e-9d51-6f0b1d2a7e10/');
}, 90_000);
