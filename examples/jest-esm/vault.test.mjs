import { readFileSync } from 'node:fs';
import { SecretClient } from '@azure/keyvault-secrets';
import { azureTlsOptions, createAssertionCredential, createStsClient, mintWebIdentityToken } from 'fedlab';

// The identifiers and example keys of fedlab's embedded defaults (fixtures/fedlab.yaml).
const TENANT_ID = '8c1f6a52-3c0e-4f2e-9d51-6f0b1d2a7e10';
const CLIENT_ID = '4b7e2c1a-9f3d-4e8b-a6c5-2d1f0e9b8a71';
const KEYS = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

const urls = JSON.parse(readFileSync(process.env.FEDLAB_URLS_FILE, 'utf8'));
const ca = readFileSync(urls.ca, 'utf8');
const sts = createStsClient({ endpoint: urls.aws.endpoint, credentials: KEYS, region: 'us-east-1' });
afterAll(() => sts.destroy());

test('an AWS role reads the Key Vault secret through the suite-wide fedlab', async () => {
  const credential = createAssertionCredential({ authorityHost: urls.entra.authorityHost, tenantId: TENANT_ID, clientId: CLIENT_ID, ca, getAssertion: () => mintWebIdentityToken(sts) });
  const vault = new SecretClient(urls.vault.url, credential, { ...azureTlsOptions(ca), disableChallengeResourceVerification: true });
  expect((await vault.getSecret('demo-secret')).value).toBe('hello from Azure, fetched with no long-lived secret');
});
