import { fileURLToPath } from 'node:url';
import type { Fedlab } from 'fedlab';
import { runWithFedlabEnv, startProxiedFedlab } from './support.js';

const PROGRAM = fileURLToPath(new URL('./programs/read-secret.mjs', import.meta.url));

let fedlab: Fedlab;
beforeAll(async () => {
  fedlab = await startProxiedFedlab((config) => {
    config.entra!.strict = true;
  });
});
afterAll(() => fedlab.close());

function runProduction(region: string): Promise<{ value: string; issuer: string }> {
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
