import { SecretClient } from '@azure/keyvault-secrets';
import type { TokenCredential } from '@azure/identity';
import { azureTlsOptions } from '../../src/client/trust.js';
import type { FedlabConfigInput } from '../../src/config.js';
import { startFedlab, type Fedlab } from '../../src/start-fedlab.js';
import { defaultConfigObject, withFreePorts } from '../helpers/temp-config.js';

const SUB = 'd2a7e10f-6a52-4c0e-8f2e-9d518c1f6a52';
const VAULT_ID = `/subscriptions/${SUB}/resourceGroups/fedlab-rg/providers/Microsoft.KeyVault/vaults/fedlab-vault`;
const MI_CLIENT_ID = '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a81';
const MI_PRINCIPAL_ID = '6f7a8b9c-0d1e-4f2a-9b3c-4d5e6f7a8b92';
const APP_PRINCIPAL_ID = '0f6a3e2d-5c4b-4a39-8e7f-6d5c4b3a2910';
const ANALYTICS_PRINCIPAL_ID = '2b8c5e4f-7a6d-4c5b-8e9f-8f7e6d5c4b32';
const ANALYTICS = { principalArn: 'arn:aws:iam::111122223333:role/fedlab-restricted', clientId: '7e3f2a1b-8c4d-4e5f-9a6b-5c4d3e2f1a04' };

let fedlab: Fedlab;
beforeAll(async () => {
  const config = withFreePorts(defaultConfigObject());
  delete config.console;
  const tenant = config.entra.tenants[0];
  tenant.managedIdentities = [
    {
      name: 'fedlab-mi',
      subscriptionId: SUB,
      resourceGroup: 'fedlab-rg',
      clientId: MI_CLIENT_ID,
      principalId: MI_PRINCIPAL_ID,
      federatedIdentityCredentials: [{ name: 'aws-workload', issuer: 'aws:111122223333', subject: 'arn:aws:iam::111122223333:role/fedlab-workload', audiences: ['api://AzureADTokenExchange'] }],
    },
  ];
  tenant.roleAssignments = [
    { principalId: MI_PRINCIPAL_ID, role: 'Key Vault Secrets User', scope: VAULT_ID },
    { principalId: APP_PRINCIPAL_ID, role: 'Key Vault Secrets Officer', scope: `/subscriptions/${SUB}/resourceGroups/fedlab-rg` },
    { principalId: ANALYTICS_PRINCIPAL_ID, role: 'Key Vault Secrets User', scope: `${VAULT_ID}/secrets/analytics-only` },
  ];
  config.vault.authorization = 'rbac';
  config.vault.secrets.push({ name: 'analytics-only', value: 'for analytics' });
  fedlab = await startFedlab({ config: config as FedlabConfigInput });
});
afterAll(() => fedlab.close());

const client = (credential: TokenCredential) => new SecretClient(fedlab.urls.vault!.url, credential, { ...azureTlsOptions(fedlab.ca), disableChallengeResourceVerification: true });

test('a managed identity with Key Vault Secrets User on the vault reads a secret with SecretClient', async () => {
  const secret = await client(fedlab.assertionCredential({ clientId: MI_CLIENT_ID })).getSecret('demo-secret');
  expect(secret.value).toBe('hello from Azure, fetched with no long-lived secret');
});

test("Secrets User may not set a secret: Key Vault's 403 with innererror ForbiddenByRbac and its message lines", async () => {
  const error = await client(fedlab.assertionCredential({ clientId: MI_CLIENT_ID }))
    .setSecret('new-secret', 'x')
    .catch((e: unknown) => e);
  expect(error).toMatchObject({ statusCode: 403, code: 'Forbidden' });
  const lines = (error as Error).message.split('\r\n');
  expect(lines[0]).toBe('Caller is not authorized to perform action on resource.');
  expect(lines[1]).toBe('If role assignments, deny assignments or role definitions were changed recently, please observe propagation time.');
  expect(lines).toContain(`Caller: appid=${MI_CLIENT_ID};oid=${MI_PRINCIPAL_ID};iss=https://sts.windows.net/8c1f6a52-3c0e-4f2e-9d51-6f0b1d2a7e10/`);
  expect(lines).toContain("Action: 'Microsoft.KeyVault/vaults/secrets/setSecret/action'");
  expect(lines).toContain(`Resource: '${VAULT_ID.toLowerCase()}/secrets/new-secret'`);
  expect(lines).toContain("DecisionReason: 'DeniedWithNoValidRBAC' ");
  expect(lines).toContain('Vault: fedlab-vault;location=eastus');
});

test('the raw 403 body is {"error":{"code":"Forbidden","message",...,"innererror":{"code":"ForbiddenByRbac"}}}', async () => {
  const { token } = (await fedlab.assertionCredential({ clientId: MI_CLIENT_ID }).getToken('https://vault.azure.net/.default'))!;
  const response = await fedlab.fetch(`${fedlab.urls.vault!.url}/secrets/new-secret?api-version=7.5`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ value: 'x' }),
  });
  expect(response.status).toBe(403);
  expect(response.headers.get('x-fedlab-failed-check')).toBe('rbac');
  const body = (await response.json()) as { error: { code: string; message: string; innererror: unknown } };
  expect(body.error.code).toBe('Forbidden');
  expect(body.error.innererror).toEqual({ code: 'ForbiddenByRbac' });
  expect(body.error.message).toMatch(/^Caller is not authorized to perform action on resource\.\r\n/);
});

test('Secrets Officer at the resource group (a parent scope) sets and reads secrets; the access policies no longer count', async () => {
  const officer = client(fedlab.assertionCredential());
  await officer.setSecret('officer-secret', 'v1');
  expect((await officer.getSecret('officer-secret')).value).toBe('v1');
});

test('an assignment at one secret allows that secret only, and listing needs the vault scope', async () => {
  const analytics = client(fedlab.assertionCredential(ANALYTICS));
  expect((await analytics.getSecret('analytics-only')).value).toBe('for analytics');
  await expect(analytics.getSecret('demo-secret')).rejects.toMatchObject({ statusCode: 403, code: 'Forbidden' });
  const listing = async () => {
    for await (const _ of analytics.listPropertiesOfSecrets()) break;
  };
  await expect(listing()).rejects.toMatchObject({ statusCode: 403 });
});

test("the refusal names the 'rbac' check in its header and event", async () => {
  await client(fedlab.assertionCredential(ANALYTICS)).getSecret('demo-secret').catch(() => undefined);
  const rejected = fedlab.events.recent().filter((e) => e.party === 'vault' && e.type === 'request-rejected');
  expect(rejected.at(-1)).toMatchObject({ failedCheck: 'rbac', status: 403, code: 'Forbidden' });
});
