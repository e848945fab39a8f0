import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Fedlab } from 'fedlab';
import { runWithFedlabEnv, startProxiedFedlab } from './support.js';

/** Debian's packages, not whatever a virtualenv offers: the README's table is about those. */
const PYTHON = '/usr/bin/python3';
const AWS_CLI = '/usr/bin/aws';
const INSTALL = 'sudo apt-get install -y python3-msal python3-azure python3-boto3 awscli';
const program = (name: string) => fileURLToPath(new URL(`./programs/${name}`, import.meta.url));
/** Debian's botocore predates GetWebIdentityToken: botocore's STS model (Apache-2.0) is given through AWS_DATA_PATH. */
const AWS_DATA_PATH = fileURLToPath(new URL('./aws-data', import.meta.url));

function requireDebianPackages(): void {
  const missing: string[] = [];
  if (!existsSync(PYTHON)) missing.push('python3');
  else {
    for (const module of ['boto3', 'msal', 'azure.identity', 'azure.keyvault.secrets']) {
      try {
        execFileSync(PYTHON, ['-c', `import ${module}`], { stdio: 'ignore' });
      } catch {
        missing.push(module);
      }
    }
  }
  if (!existsSync(AWS_CLI)) missing.push('aws');
  if (missing.length) throw new Error(`missing ${missing.join(', ')}: install them with \`${INSTALL}\``);
}

let fedlab: Fedlab;
beforeAll(async () => {
  requireDebianPackages();
  fedlab = await startProxiedFedlab((config) => {
    config.entra!.strict = true;
  });
});
afterAll(() => fedlab?.close());

test('boto3, msal and azure-identity + SecretClient (Debian packages) read the secret with production settings only', async () => {
  // Debian's botocore sends us-east-1 to the global endpoint (legacy default), where AWS refuses
  // GetWebIdentityToken: production needs AWS_STS_REGIONAL_ENDPOINTS=regional there too.
  const settings = { VAULT_URL: 'https://fedlab-vault.vault.azure.net', AWS_DATA_PATH };
  await expect(runWithFedlabEnv(fedlab, PYTHON, [program('production.py')], settings)).rejects.toThrow(/InvalidAction.*global endpoint/);
  const out = JSON.parse(await runWithFedlabEnv(fedlab, PYTHON, [program('production.py')], { ...settings, AWS_STS_REGIONAL_ENDPOINTS: 'regional' }));
  expect(out.value).toBe('hello from Azure, fetched with no long-lived secret');
  expect(out.issuer).toBe(fedlab.urls.real!.issuers['111122223333']);
  expect(out.graphIssuer).toBe('https://sts.windows.net/8c1f6a52-3c0e-4f2e-9d51-6f0b1d2a7e10/');
}, 120_000);

test('the AWS CLI runs the re:Invent command verbatim through the proxy', async () => {
  const out = await runWithFedlabEnv(fedlab, AWS_CLI, ['sts', 'get-web-identity-token', '--audience', 'api:AzureADTokenExchange', '--signing-algorithm', 'RS256', '--region', 'us-east-1', '--output', 'json'], { AWS_DATA_PATH });
  const token = JSON.parse(out).WebIdentityToken as string;
  const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
  expect(claims.iss).toBe(fedlab.urls.real!.issuers['111122223333']);
  expect(claims.aud).toBe('api:AzureADTokenExchange');
}, 120_000);
