import { ManagedServiceIdentityClient } from '@azure/arm-msi';
import type { TokenCredential } from '@azure/identity';
import { decodeJwt } from 'jose';
import { azureTlsOptions } from '../../src/client/trust.js';
import type { FedlabConfigInput } from '../../src/config.js';
import { startFedlab, type Fedlab } from '../../src/start-fedlab.js';
import { defaultConfigObject, withFreePorts } from '../helpers/temp-config.js';

const TENANT = '8c1f6a52-3c0e-4f2e-9d51-6f0b1d2a7e10';
const SUB = 'd2a7e10f-6a52-4c0e-8f2e-9d518c1f6a52';
const RG = 'fedlab-rg';
const MANAGEMENT = 'https://management.azure.com/.default';
const WORKLOAD = 'arn:aws:iam::111122223333:role/fedlab-workload';
const EXCHANGE_AUDIENCE = 'api://AzureADTokenExchange';

let fedlab: Fedlab;
let issuer: string;
beforeAll(async () => {
  const config = withFreePorts(defaultConfigObject());
  delete config.console;
  delete config.github;
  fedlab = await startFedlab({ config: config as FedlabConfigInput });
  issuer = fedlab.urls.aws.issuers['111122223333']!;
});
afterAll(() => fedlab.close());

/** The real ARM client, at fedlab's ARM, with a credential from fedlab's Entra (the default config's role assignment: Managed Identity Contributor on fedlab-rg). */
const msi = (credential: TokenCredential = fedlab.assertionCredential()) =>
  new ManagedServiceIdentityClient(credential, SUB, { endpoint: fedlab.urls.arm!.url, credentialScopes: [MANAGEMENT], ...azureTlsOptions(fedlab.ca) });

const identityPath = (name: string) => `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`;
let contributorToken: Promise<string> | undefined;
async function raw(method: string, path: string, body?: unknown, query = 'api-version=2024-11-30') {
  const token = await (contributorToken ??= fedlab.assertionCredential().getToken(MANAGEMENT).then((t) => t.token));
  const response = await fedlab.fetch(`${fedlab.urls.arm!.url}${path}${query ? `?${query}` : ''}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, failedCheck: response.headers.get('x-fedlab-failed-check') };
}
const ficBody = (subject: string, audiences = [EXCHANGE_AUDIENCE]) => ({ properties: { issuer, subject, audiences } });

test('@azure/arm-msi creates, reads, lists and deletes a user-assigned identity and its federated credential; the AWS token exchange works through it until the credential is deleted', async () => {
  const client = msi();
  const created = await client.userAssignedIdentities.createOrUpdate(RG, 'orders-mi', { location: 'East US', tags: { team: 'orders' } });
  expect(created).toMatchObject({
    id: `/subscriptions/${SUB}/resourcegroups/${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/orders-mi`,
    name: 'orders-mi',
    type: 'Microsoft.ManagedIdentity/userAssignedIdentities',
    location: 'eastus',
    tags: { team: 'orders' },
    tenantId: TENANT,
  });
  expect(created.clientId).toMatch(/^[0-9a-f-]{36}$/);
  expect(created.principalId).toMatch(/^[0-9a-f-]{36}$/);
  expect(created.principalId).not.toBe(created.clientId);

  expect(await client.userAssignedIdentities.get(RG, 'orders-mi')).toEqual(created);
  const listed = [];
  for await (const identity of client.userAssignedIdentities.listByResourceGroup(RG)) listed.push(identity.name);
  expect(listed).toContain('orders-mi');

  // Before any credential: Entra knows the identity but trusts no issuer for it.
  await expect(fedlab.assertionCredential({ clientId: created.clientId }).getToken('https://vault.azure.net/.default')).rejects.toThrow(/AADSTS700211/);

  const fic = await client.federatedIdentityCredentials.createOrUpdate(RG, 'orders-mi', 'aws-workload', { issuer, subject: WORKLOAD, audiences: [EXCHANGE_AUDIENCE] });
  expect(fic).toMatchObject({
    id: `${created.id}/federatedIdentityCredentials/aws-workload`,
    name: 'aws-workload',
    type: 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials',
    issuer,
    subject: WORKLOAD,
    audiences: [EXCHANGE_AUDIENCE],
  });
  expect(await client.federatedIdentityCredentials.get(RG, 'orders-mi', 'aws-workload')).toEqual(fic);
  const fics = [];
  for await (const f of client.federatedIdentityCredentials.list(RG, 'orders-mi')) fics.push(f.name);
  expect(fics).toEqual(['aws-workload']);

  const token = await fedlab.assertionCredential({ clientId: created.clientId }).getToken('https://vault.azure.net/.default');
  expect(decodeJwt(token.token)).toMatchObject({ appid: created.clientId, oid: created.principalId, tid: TENANT });

  await client.federatedIdentityCredentials.delete(RG, 'orders-mi', 'aws-workload');
  await expect(fedlab.assertionCredential({ clientId: created.clientId }).getToken('https://vault.azure.net/.default')).rejects.toThrow(/AADSTS700211/);

  await client.userAssignedIdentities.delete(RG, 'orders-mi');
  await expect(client.userAssignedIdentities.get(RG, 'orders-mi')).rejects.toMatchObject({ statusCode: 404, code: 'ResourceNotFound' });
  await expect(fedlab.assertionCredential({ clientId: created.clientId }).getToken('https://vault.azure.net/.default')).rejects.toThrow(/AADSTS700016/);
});

test("an existing identity keeps its ids and credentials on a second PUT (200), and refuses another location", async () => {
  const client = msi();
  const first = await client.userAssignedIdentities.createOrUpdate(RG, 'keep-mi', { location: 'eastus' });
  await client.federatedIdentityCredentials.createOrUpdate(RG, 'keep-mi', 'one', { issuer, subject: WORKLOAD, audiences: [EXCHANGE_AUDIENCE] });
  const again = await raw('PUT', identityPath('keep-mi'), { location: 'eastus', tags: { v: '2' } });
  expect(again.status).toBe(200);
  expect(again.body.properties).toEqual({ tenantId: TENANT, principalId: first.principalId, clientId: first.clientId });
  expect((await raw('GET', `${identityPath('keep-mi')}/federatedIdentityCredentials`)).body.value.map((f: { name: string }) => f.name)).toEqual(['one']);
  const moved = await raw('PUT', identityPath('keep-mi'), { location: 'westeurope' });
  expect(moved).toMatchObject({ status: 400, body: { error: { code: 'InvalidResourceLocation' } } });
});

test("api-version: missing → MissingApiVersionParameter, unknown → NoRegisteredProviderFound with the supported list", async () => {
  expect(await raw('GET', identityPath('x-mi'), undefined, '')).toMatchObject({ status: 400, failedCheck: 'api-version', body: { error: { code: 'MissingApiVersionParameter', message: 'The api-version query parameter (?api-version=) is required for all requests.' } } });
  const wrong = await raw('GET', identityPath('x-mi'), undefined, 'api-version=2099-01-01');
  expect(wrong.status).toBe(400);
  expect(wrong.body.error.code).toBe('NoRegisteredProviderFound');
  expect(wrong.body.error.message).toContain("API version '2099-01-01' for type 'userAssignedIdentities'. The supported api-versions are '2023-01-31, 2024-11-30'.");
  expect((await raw('GET', identityPath('x-mi'), undefined, 'api-version=2023-01-31')).status).toBe(404);
});

test('unknown names: the identity → 404 ResourceNotFound, a credential of a missing identity → 404 ParentResourceNotFound, a bad subscription id → 400', async () => {
  expect(await raw('GET', identityPath('nobody-mi'))).toMatchObject({
    status: 404,
    body: { error: { code: 'ResourceNotFound', message: `The Resource 'Microsoft.ManagedIdentity/userAssignedIdentities/nobody-mi' under resource group '${RG}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix` } },
  });
  expect(await raw('PUT', `${identityPath('nobody-mi')}/federatedIdentityCredentials/one`, ficBody(WORKLOAD))).toMatchObject({ status: 404, body: { error: { code: 'ParentResourceNotFound' } } });
  await msi().userAssignedIdentities.createOrUpdate(RG, 'lookup-mi', { location: 'eastus' });
  expect(await raw('GET', `${identityPath('lookup-mi')}/federatedIdentityCredentials/none`)).toMatchObject({ status: 404, body: { error: { code: 'ResourceNotFound' } } });
  expect(await raw('GET', `/subscriptions/not-a-guid/resourceGroups/${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/x-mi`)).toMatchObject({
    status: 400,
    body: { error: { code: 'InvalidSubscriptionId', message: "The provided subscription identifier 'not-a-guid' is malformed or invalid." } },
  });
  expect(await raw('PUT', identityPath('-bad'), { location: 'eastus' })).toMatchObject({ status: 400, body: { error: { code: 'InvalidResourceName' } } });
});

test('malformed bodies get 400 in the ARM envelope, naming the check', async () => {
  expect(await raw('PUT', identityPath('body-mi'), '{not json')).toMatchObject({ status: 400, body: { error: { code: 'InvalidRequestContent' } } });
  expect(await raw('PUT', identityPath('body-mi'), {})).toMatchObject({ status: 400, failedCheck: 'location', body: { error: { code: 'LocationRequired', message: 'The location property is required for this definition.' } } });
  expect(await raw('PUT', identityPath('body-mi'), { location: 'eastus', tags: { n: 1 } })).toMatchObject({ status: 400, failedCheck: 'tags', body: { error: { code: 'InvalidRequestContent' } } });
  await msi().userAssignedIdentities.createOrUpdate(RG, 'body-mi', { location: 'eastus' });
  const fics = `${identityPath('body-mi')}/federatedIdentityCredentials`;
  const mustSpecify = "The request format was unexpected. Federated Identity Credential must specify 'issuer', 'subject' and 'audience'.";
  expect(await raw('PUT', `${fics}/one`, { properties: { issuer, audiences: [EXCHANGE_AUDIENCE] } })).toMatchObject({ status: 400, failedCheck: 'subject', body: { error: { code: 'BadRequest', message: mustSpecify } } });
  expect(await raw('PUT', `${fics}/one`, ficBody(WORKLOAD, ['a', 'b']))).toMatchObject({ status: 400, failedCheck: 'audiences', body: { error: { code: 'BadRequest', message: 'Federated identity credentials must have exactly one audience.' } } });
  expect(await raw('PUT', `${fics}/one`, { properties: { issuer: 'not a url', subject: WORKLOAD, audiences: [EXCHANGE_AUDIENCE] } })).toMatchObject({ status: 400, failedCheck: 'issuer' });
  expect(await raw('PUT', `${fics}/x`, ficBody(WORKLOAD))).toMatchObject({ status: 400, body: { error: { code: 'BadRequest', message: "Federated Identity Credential name 'x' is invalid." } } });
});

test('federated credential limits: (issuer, subject) unique on the identity, at most 20', async () => {
  const client = msi();
  await client.userAssignedIdentities.createOrUpdate(RG, 'limits-mi', { location: 'eastus' });
  const fics = `${identityPath('limits-mi')}/federatedIdentityCredentials`;
  expect((await raw('PUT', `${fics}/first`, ficBody(WORKLOAD))).status).toBe(201);
  expect(await raw('PUT', `${fics}/second`, ficBody(WORKLOAD))).toMatchObject({ status: 400, failedCheck: 'unique-issuer-subject', body: { error: { code: 'BadRequest', message: 'Issuer and subject combination already exists for this Managed Identity.' } } });
  // Replacing the credential with the same pair under its own name is an update.
  expect((await raw('PUT', `${fics}/first`, ficBody(WORKLOAD))).status).toBe(200);
  for (let i = 2; i <= 20; i++) expect((await raw('PUT', `${fics}/fic-${i}`, ficBody(`subject-${i}`))).status).toBe(201);
  expect(await raw('PUT', `${fics}/fic-21`, ficBody('subject-21'))).toMatchObject({ status: 400, failedCheck: 'credential-count', body: { error: { code: 'BadRequest' } } });
  expect((await raw('GET', fics)).body.value).toHaveLength(20);
});

test('concurrent credential writes on one identity: 409 ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity for those that overlap', async () => {
  await msi().userAssignedIdentities.createOrUpdate(RG, 'busy-mi', { location: 'eastus' });
  const fics = `${identityPath('busy-mi')}/federatedIdentityCredentials`;
  const results = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => raw('PUT', `${fics}/parallel-${i}`, ficBody(`parallel-${i}`))));
  const conflicts = results.filter((r) => r.status === 409);
  const created = results.filter((r) => r.status === 201);
  expect(conflicts.length).toBeGreaterThan(0);
  expect(created.length).toBeGreaterThan(0);
  expect(conflicts.length + created.length).toBe(6);
  expect(conflicts[0]!.body.error).toEqual({
    code: 'ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity',
    message: `Too many Federated Identity Credentials are written concurrently for the managed identity '/subscriptions/${SUB}/resourcegroups/${RG}/providers/microsoft.managedidentity/userassignedidentities/busy-mi'. Concurrent Federated Identity Credentials writes under the same managed identity are not supported.`,
  });
  // Exactly the writes that succeeded are there: none was lost to another.
  expect((await raw('GET', fics)).body.value).toHaveLength(created.length);
});

test("a caller with no role assignment at the scope gets ARM's 403 AuthorizationFailed", async () => {
  const analytics = fedlab.assertionCredential({ principalArn: 'arn:aws:iam::111122223333:role/fedlab-restricted', clientId: '7e3f2a1b-8c4d-4e5f-9a6b-5c4d3e2f1a04' });
  const error = await msi(analytics).userAssignedIdentities.createOrUpdate(RG, 'denied-mi', { location: 'eastus' }).catch((e: unknown) => e);
  expect(error).toMatchObject({ statusCode: 403, code: 'AuthorizationFailed' });
  expect((error as Error).message).toBe(
    `The client '7e3f2a1b-8c4d-4e5f-9a6b-5c4d3e2f1a04' with object id '2b8c5e4f-7a6d-4c5b-8e9f-8f7e6d5c4b32' does not have authorization to perform action 'Microsoft.ManagedIdentity/userAssignedIdentities/write' over scope '${identityPath('denied-mi')}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
  );
  // The contributor's assignment is on the resource group: the whole subscription is out of its scope.
  expect(await raw('GET', `/subscriptions/${SUB}/providers/Microsoft.ManagedIdentity/userAssignedIdentities`)).toMatchObject({ status: 403, failedCheck: 'role-assignment', body: { error: { code: 'AuthorizationFailed' } } });
});
