import { SecretClient } from '@azure/keyvault-secrets';
import { azureTlsOptions, createTrustingFetch } from '../../src/client/trust.js';
import type { FedlabConfigInput } from '../../src/config.js';
import { startFedlab, type Fedlab } from '../../src/start-fedlab.js';
import { defaultConfigObject, withFreePorts } from '../helpers/temp-config.js';

/** `/_fedlab/role-assignments` on an RBAC vault: assignments added at runtime take effect at once; DELETE restores the configured ones. */
const SUB = 'd2a7e10f-6a52-4c0e-8f2e-9d518c1f6a52';
const VAULT_ID = `/subscriptions/${SUB}/resourceGroups/fedlab-rg/providers/Microsoft.KeyVault/vaults/fedlab-vault`;
const MI_CLIENT_ID = '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a81';
const MI_PRINCIPAL_ID = '6f7a8b9c-0d1e-4f2a-9b3c-4d5e6f7a8b92';
const CONFIGURED = { principalId: '0f6a3e2d-5c4b-4a39-8e7f-6d5c4b3a2910', role: 'Key Vault Secrets Officer', scope: `/subscriptions/${SUB}/resourceGroups/fedlab-rg` };

let fedlab: Fedlab;
let fetchTrusting: ReturnType<typeof createTrustingFetch>;
let route: string;
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
  tenant.roleAssignments = [CONFIGURED];
  config.vault.authorization = 'rbac';
  fedlab = await startFedlab({ config: config as FedlabConfigInput });
  fetchTrusting = createTrustingFetch(fedlab.ca);
  route = `${fedlab.urls.vault!.url}/_fedlab/role-assignments`;
});
afterAll(() => fedlab.close());

const post = async (body: unknown) => {
  const response = await fetchTrusting(route, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
};
const read = async () => {
  const client = new SecretClient(fedlab.urls.vault!.url, fedlab.assertionCredential({ clientId: MI_CLIENT_ID }), { ...azureTlsOptions(fedlab.ca), disableChallengeResourceVerification: true, retryOptions: { maxRetries: 0 } });
  try {
    return (await client.getSecret('demo-secret')).value;
  } catch (error) {
    return (error as { statusCode?: number }).statusCode;
  }
};

test('GET names the vault, its ARM id and mode, and the configured assignments', async () => {
  const response = await fetchTrusting(route);
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ vault: { name: 'fedlab-vault', id: VAULT_ID, authorization: 'rbac' }, value: [CONFIGURED] });
});

test('a role assigned at runtime lets the managed identity read with SecretClient at once; DELETE takes it back', async () => {
  const events: Record<string, unknown>[] = [];
  const unsubscribe = fedlab.events.subscribe((e) => events.push(e as Record<string, unknown>));
  expect(await read()).toBe(403);
  const assignment = { principalId: MI_PRINCIPAL_ID, role: 'Key Vault Secrets User', scope: `${VAULT_ID}/secrets/demo-secret` };
  expect(await post(assignment)).toEqual({ status: 201, json: assignment });
  expect(await read()).toBe('hello from Azure, fetched with no long-lived secret');
  expect(events.find((e) => e.type === 'role-assignment-created')).toMatchObject({ party: 'vault', vault: 'fedlab-vault', vaultTenant: fedlab.tenantId, ...assignment });

  const reset = await fetchTrusting(route, { method: 'DELETE' });
  expect(reset.status).toBe(204);
  expect(((await (await fetchTrusting(route)).json()) as { value: unknown[] }).value).toEqual([CONFIGURED]);
  expect(await read()).toBe(403);
  unsubscribe();
});

test('bad input gets a JSON error naming the problem: unknown role, a GUID-less principal, a scope elsewhere, a duplicate', async () => {
  expect(await post({ principalId: MI_PRINCIPAL_ID, role: 'Key Vault God', scope: VAULT_ID })).toMatchObject({ status: 400, json: { error: { code: 'InvalidRoleAssignment', message: expect.stringContaining('role: expected a built-in role') } } });
  expect(await post({ principalId: 'mi', role: 'Key Vault Secrets User', scope: VAULT_ID })).toMatchObject({ status: 400, json: { error: { code: 'InvalidRoleAssignment', message: expect.stringContaining('principalId') } } });
  const elsewhere = `/subscriptions/${SUB}/resourceGroups/other-rg/providers/Microsoft.KeyVault/vaults/other`;
  expect(await post({ principalId: MI_PRINCIPAL_ID, role: 'Key Vault Secrets User', scope: elsewhere })).toMatchObject({ status: 400, json: { error: { code: 'InvalidScope' } } });
  expect(await post(CONFIGURED)).toMatchObject({ status: 409, json: { error: { code: 'RoleAssignmentExists', message: 'The role assignment already exists.' } } });
});
