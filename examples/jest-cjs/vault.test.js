// CommonJS test file: only CommonJS packages here (the AWS and Azure SDKs ship CommonJS builds);
// fedlab itself runs in the global setup and is reached over HTTP, as a real cloud would be.
const { readFileSync } = require('node:fs');
const { GetWebIdentityTokenCommand, STSClient } = require('@aws-sdk/client-sts');
const { ClientAssertionCredential } = require('@azure/identity');
const { SecretClient } = require('@azure/keyvault-secrets');

// The identifiers and example keys of fedlab's embedded defaults (fixtures/fedlab.yaml).
const TENANT_ID = '8c1f6a52-3c0e-4f2e-9d51-6f0b1d2a7e10';
const CLIENT_ID = '4b7e2c1a-9f3d-4e8b-a6c5-2d1f0e9b8a71';
const KEYS = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

const urls = JSON.parse(readFileSync(process.env.FEDLAB_URLS_FILE, 'utf8'));
const ca = readFileSync(urls.ca, 'utf8'); // fedlab's local CA: Entra and Key Vault listen on https
const sts = new STSClient({ endpoint: urls.aws.endpoint, region: 'us-east-1', credentials: KEYS });
afterAll(() => sts.destroy());

async function awsToken() {
  const { WebIdentityToken } = await sts.send(new GetWebIdentityTokenCommand({ Audience: ['api://AzureADTokenExchange'], SigningAlgorithm: 'RS256' }));
  return WebIdentityToken;
}

test('an AWS role reads the Key Vault secret through the suite-wide fedlab (jest CommonJS mode)', async () => {
  const credential = new ClientAssertionCredential(TENANT_ID, CLIENT_ID, awsToken, { authorityHost: urls.entra.authorityHost, disableInstanceDiscovery: true, tlsOptions: { ca } });
  const vault = new SecretClient(urls.vault.url, credential, { tlsOptions: { ca }, disableChallengeResourceVerification: true });
  expect((await vault.getSecret('demo-secret')).value).toBe('hello from Azure, fetched with no long-lived secret');
});
