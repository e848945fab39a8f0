import { randomUUID } from 'node:crypto';
import { ManagedServiceIdentityClient } from '@azure/arm-msi';
import { SecretClient } from '@azure/keyvault-secrets';
import { azureTlsOptions } from '../../src/client/trust.js';
import type { FedlabConfigInput } from '../../src/config.js';
import { startFedlab, type Fedlab } from '../../src/start-fedlab.js';
import { defaultConfigObject, withFreePorts } from '../helpers/temp-config.js';

const SUB = 'd2a7e10f-6a52-4c0e-8f2e-9d518c1f6a52';
const RG = 'fedlab-rg';
const VAULT_ID = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.KeyVault/vaults/fedlab-vault`;
const MANAGEMENT = 'https://management.azure.com/.default';
const SECRETS_USER = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6`;
const OWNER_PRINCIPAL = '0f6a3e2d-5c4b-4a39-8e7f-6d5c4b3a2910';
const ANALYTICS = { principalArn: 'arn:aws:iam::111122223333:role/fedlab-restricted', clientId: '7e3f2a1b-8c4d-4e5f-9a6b-5c4d3e2f1a04' };

let fedlab: Fedlab;
beforeAll(async () => {
  const config = withFreePorts(defaultConfigObject());
  delete config.console;
  delete config.github;
  config.vault.authorization = 'rbac';
  config.entra.tenants[0].roleAssignments = [
    { principalId: OWNER_PRINCIPAL, role: 'Owner', scope: `/subscriptions/${SUB}/resourceGroups/${RG}` },
    { principalId: '2b8c5e4f-7a6d-4c5b-8e9f-8f7e6d5c4b32', role: 'Contributor', scope: `/subscriptions/${SUB}/resourceGroups/${RG}` },
  ];
  fedlab = await startFedlab({ config: config as FedlabConfigInput });
});
afterAll(() => fedlab.close());

async function arm(method: string, path: string, body?: unknown, credential = fedlab.assertionCredential()) {
  const token = (await credential.getToken(MANAGEMENT)).token;
  const response = await fedlab.fetch(`${fedlab.urls.arm!.url}${path}?api-version=2022-04-01`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}
const assignmentPath = (scope: string, name: string) => `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`;

test('a role assignment made through ARM at the vault lets a managed identity created through ARM read a secret; deleting it takes the access away', async () => {
  const msi = new ManagedServiceIdentityClient(fedlab.assertionCredential(), SUB, { endpoint: fedlab.urls.arm!.url, credentialScopes: [MANAGEMENT], ...azureTlsOptions(fedlab.ca) });
  const mi = await msi.userAssignedIdentities.createOrUpdate(RG, 'reader-mi', { location: 'eastus' });
  await msi.federatedIdentityCredentials.createOrUpdate(RG, 'reader-mi', 'aws', { issuer: fedlab.urls.aws.issuers['111122223333'], subject: 'arn:aws:iam::111122223333:role/fedlab-workload', audiences: ['api://AzureADTokenExchange'] });
  const secrets = new SecretClient(fedlab.urls.vault!.url, fedlab.assertionCredential({ clientId: mi.clientId }), { ...azureTlsOptions(fedlab.ca), disableChallengeResourceVerification: true });
  await expect(secrets.getSecret('demo-secret')).rejects.toMatchObject({ statusCode: 403 });

  const name = randomUUID();
  const created = await arm('PUT', assignmentPath(VAULT_ID, name), { properties: { roleDefinitionId: SECRETS_USER, principalId: mi.principalId, principalType: 'ServicePrincipal' } });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({
    id: `${VAULT_ID}/providers/Microsoft.Authorization/roleAssignments/${name}`,
    name,
    type: 'Microsoft.Authorization/roleAssignments',
    properties: { roleDefinitionId: SECRETS_USER, principalId: mi.principalId, principalType: 'ServicePrincipal', scope: VAULT_ID },
  });
  expect((await secrets.getSecret('demo-secret')).value).toBe('hello from Azure, fetched with no long-lived secret');
  expect(await arm('GET', assignmentPath(VAULT_ID, name))).toMatchObject({ status: 200, body: { name } });
  expect(await arm('PUT', assignmentPath(VAULT_ID, randomUUID()), { properties: { roleDefinitionId: SECRETS_USER, principalId: mi.principalId } })).toMatchObject({
    status: 409,
    body: { error: { code: 'RoleAssignmentExists', message: 'The role assignment already exists.' } },
  });

  expect((await arm('DELETE', assignmentPath(VAULT_ID, name))).status).toBe(200);
  await expect(secrets.getSecret('demo-secret')).rejects.toMatchObject({ statusCode: 403, code: 'Forbidden' });
  expect(await arm('GET', assignmentPath(VAULT_ID, name))).toMatchObject({ status: 404, body: { error: { code: 'RoleAssignmentNotFound' } } });
  expect((await arm('DELETE', assignmentPath(VAULT_ID, name))).status).toBe(204);
});

test('bad role assignments: unknown role definition, a name that is no GUID, and a Contributor (no Microsoft.Authorization writes) → 403', async () => {
  expect(await arm('PUT', assignmentPath(VAULT_ID, randomUUID()), { properties: { roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/00000000-0000-4000-8000-000000000000`, principalId: OWNER_PRINCIPAL } })).toMatchObject({
    status: 400,
    body: { error: { code: 'RoleDefinitionDoesNotExist', message: "The specified role definition with ID '00000000-0000-4000-8000-000000000000' does not exist." } },
  });
  expect(await arm('PUT', assignmentPath(VAULT_ID, 'not-a-guid'), { properties: { roleDefinitionId: SECRETS_USER, principalId: OWNER_PRINCIPAL } })).toMatchObject({ status: 400, body: { error: { code: 'InvalidRoleAssignmentId' } } });
  const contributor = await arm('PUT', assignmentPath(VAULT_ID, randomUUID()), { properties: { roleDefinitionId: SECRETS_USER, principalId: OWNER_PRINCIPAL } }, fedlab.assertionCredential(ANALYTICS));
  expect(contributor.status).toBe(403);
  expect(contributor.body.error.code).toBe('AuthorizationFailed');
  expect(contributor.body.error.message).toContain("to perform action 'Microsoft.Authorization/roleAssignments/write'");
});
