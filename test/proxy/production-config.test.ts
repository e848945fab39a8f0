import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Fedlab } from 'fedlab';
import { startProxiedFedlab } from './support.js';

const PROGRAM = fileURLToPath(new URL('./programs/read-secret.mjs', import.meta.url));
const TENANT = '8c1f6a52-3c0e-4f2e-9d51-6f0b1d2a7e10';
const CLIENT = '4b7e2c1a-9f3d-4e8b-a6c5-2d1f0e9b8a71';

let fedlab: Fedlab;
beforeAll(async () => {
  fedlab = await startProxiedFedlab((config) => {
    config.entra!.strict = true;
    // Nested claim access is a fedlab extension that strict mode refuses: drop that credential.
    config.entra!.tenants[0]!.applications[1]!.federatedIdentityCredentials = [];
  });
});
afterAll(() => fedlab.close());

/** The child gets no fedlab URL but the proxy's: only `fedlab env` and production settings. */
function runProduction(region: string): Promise<{ value: string; issuer: string }> {
  const env = {
    PATH: process.env.PATH!,
    HOME: process.env.HOME ?? '/tmp',
    ...fedlab.env!,
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    AWS_REGION: region,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    AZURE_TENANT_ID: TENANT,
    AZURE_CLIENT_ID: CLIENT,
    VAULT_URL: 'https://fedlab-vault.vault.azure.net',
  };
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [PROGRAM], { env, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`${error.message}\n${stderr}`));
      resolve(JSON.parse(stdout));
    });
  });
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
