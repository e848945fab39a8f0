import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { CreateOpenIDConnectProviderCommand, CreatePolicyCommand, GetOpenIDConnectProviderCommand, IAMClient, ListPoliciesCommand } from '@aws-sdk/client-iam';
import { CreatePolicyCommand as CreateOrgPolicyCommand, ListPoliciesCommand as ListOrgPoliciesCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, GetWebIdentityTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { SecretClient } from '@azure/keyvault-secrets';
import { azureTlsOptions } from '../../src/client/trust.js';
import { ConfigError } from '../../src/core/config/config-error.js';
import { startFedlab, type Fedlab } from '../../src/start-fedlab.js';
import { ACCOUNT, runtimeConfig } from '../runtime/support.js';
import { startRedisServer, type RedisServer } from './helpers/redis-server.js';

/**
 * Two fedlab replicas (each a whole startFedlab, as `fedlab start --store` runs it) on one Redis
 * answer as one: shared keys, CA and issuer ids; a change on one is seen by the next requests on
 * the other, with no restart.
 */
let redis: RedisServer;
let database = 0;
const running: Fedlab[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
});
afterEach(async () => {
  for (const fedlab of running.splice(0).reverse()) await fedlab.close();
});
afterAll(async () => {
  await redis?.close();
});

/** Each test on a database of its own: a fresh store. */
async function replicas(config = runtimeConfig()): Promise<[Fedlab, Fedlab]> {
  const store = `redis://127.0.0.1:${redis.port}/${++database}`;
  const a = await startFedlab({ config, ports: 'auto', store });
  running.push(a);
  const b = await startFedlab({ config, ports: 'auto', store });
  running.push(b);
  return [a, b];
}

const ADDED = { arn: 'arn:aws:iam::111122223333:role/added-on-a', accessKeyId: 'AKIAFEDLABREPLICA001', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEREPLICA' };
const WORKLOAD_KEY = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

async function mint(fedlab: Fedlab, credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } = WORKLOAD_KEY): Promise<string> {
  const client = new STSClient({ endpoint: fedlab.urls.aws.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
  try {
    return (await client.send(new GetWebIdentityTokenCommand({ Audience: ['api://AzureADTokenExchange'], SigningAlgorithm: 'RS256' }))).WebIdentityToken!;
  } finally {
    client.destroy();
  }
}

async function jwksOf(fedlab: Fedlab) {
  const res = await fedlab.fetch(`${fedlab.urls.aws.issuers[ACCOUNT]}/.well-known/jwks.json`);
  return (await res.json()) as { keys: { kid: string }[] };
}

/** Polls until `check` passes (a change travels by pub/sub); returns how long it took. */
async function eventually(check: () => Promise<void>, timeoutMs = 5_000): Promise<number> {
  const start = performance.now();
  for (;;) {
    try {
      await check();
      return performance.now() - start;
    } catch (error) {
      if (performance.now() - start > timeoutMs) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

test('both replicas have one CA, one issuer id and one key ring: a token minted at A verifies with B\'s published keys', async () => {
  const [a, b] = await replicas();
  expect(b.ca).toBe(a.ca);
  expect(b.urls.aws.issuers[ACCOUNT]!.split('/').at(-1)).toBe(a.urls.aws.issuers[ACCOUNT]!.split('/').at(-1));
  const token = await mint(a);
  const { payload } = await jwtVerify(token, createLocalJWKSet(await jwksOf(b)));
  expect(payload.sub).toBe('arn:aws:iam::111122223333:role/fedlab-workload');
  // And the other way round.
  await jwtVerify(await mint(b), createLocalJWKSet(await jwksOf(a)));
});

test('a key rotation on A: B publishes and signs with the new generation, without a restart', async () => {
  const [a, b] = await replicas();
  await a.aws.rotateSigningKeys(ACCOUNT);
  await eventually(async () => expect((await jwksOf(b)).keys.map((k) => k.kid)).toContain('RSA_1'));
  expect(decodeProtectedHeader(await mint(b)).kid).toBe('RSA_1');
  await jwtVerify(await mint(b), createLocalJWKSet(await jwksOf(a)));
});

test('a principal added on A is used at B; the IAM switch flipped on B applies on A', async () => {
  const [a, b] = await replicas();
  a.aws.addPrincipal(ACCOUNT, ADDED);
  await eventually(async () => expect(await mint(b, ADDED)).toMatch(/^eyJ/));
  b.aws.setFederation(ACCOUNT, false);
  await eventually(async () => expect(a.aws.accounts()[0]!.outboundFederation).toBe('disabled'));
  await expect(mint(a)).rejects.toMatchObject({ name: 'OutboundWebIdentityFederationDisabledException' });
});

test('a replica refuses a store written by a different configuration; listen addresses may differ', async () => {
  const [a] = await replicas();
  const store = `redis://127.0.0.1:${redis.port}/${database}`;
  const other = runtimeConfig();
  other.entra!.clockSkewSeconds = 1;
  const refused = await startFedlab({ config: other, ports: 'auto', store }).catch((error: unknown) => error);
  expect(refused).toBeInstanceOf(ConfigError);
  expect(String((refused as Error).message)).toMatch(/holds the state of a different configuration .*only each section's host and port may differ/);
  expect(a.aws.accounts()).toHaveLength(runtimeConfig().aws.accounts.length);
});

/** Reads `/_fedlab/events` (live only) of `fedlab`'s AWS listener until `found` matches a frame's event. */
async function streamUntil(fedlab: Fedlab, found: (event: Record<string, unknown>) => boolean, act: () => Promise<unknown>): Promise<Record<string, unknown>> {
  const controller = new AbortController();
  const res = await fedlab.fetch(`${fedlab.urls.aws.endpoint}/_fedlab/events?replay=0`, { signal: controller.signal });
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  // The stream's first bytes: B is subscribed before A acts.
  text += decoder.decode((await reader.read()).value);
  await act();
  const timer = setTimeout(() => controller.abort(), 5_000);
  try {
    for (;;) {
      for (const line of text.split('\n')) {
        if (!line.startsWith('data: ')) continue;
        const event = JSON.parse(line.slice(6)) as Record<string, unknown>;
        if (found(event)) return event;
      }
      const { value, done } = await reader.read();
      if (done) throw new Error('stream ended');
      text += decoder.decode(value);
    }
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

test('the event stream on B shows the events of A (one bus for every replica), never twice', async () => {
  const [a, b] = await replicas();
  const seenOnB: string[] = [];
  b.events.subscribe((event) => seenOnB.push(event.id));
  const event = await streamUntil(b, (e) => e.party === 'aws' && typeof e.type === 'string' && /token/i.test(e.type) && e.id !== undefined, () => mint(a));
  // The event B streamed is the one A published (same id), and B did not publish one of its own.
  expect(a.events.recent().map((e) => e.id)).toContain(event.id);
  expect(b.events.recent().filter((e) => e.id === event.id)).toHaveLength(1);
  // B's own events go to A too, and nothing comes back as an echo.
  const fromB = await streamUntil(a, (e) => e.party === 'aws' && /token/i.test(String(e.type)) && e.id !== event.id, () => mint(b));
  expect(b.events.recent().map((e) => e.id)).toContain(fromB.id);
  const ids = b.events.recent().map((e) => e.id);
  expect(new Set(ids).size).toBe(ids.length);
  expect(seenOnB.filter((id) => id === event.id)).toHaveLength(1);
});

const jwksStatus = async (fedlab: Fedlab) => (await fedlab.fetch(`${fedlab.urls.aws.issuers[ACCOUNT]}/.well-known/jwks.json`)).status;

test('a fault injected on A is acted out by B; its count holds for both replicas together; a clearing on B applies on A', async () => {
  const [a, b] = await replicas();
  const counted = a.faults.inject('aws', { target: 'jwks', kind: 'status', status: 503, accountId: ACCOUNT, count: 3 });
  await eventually(async () => expect(b.faults.list('aws').map((f) => f.id)).toEqual([counted.id]));
  // Three hits in all, whichever replica each request reaches; then neither acts it out again.
  expect([await jwksStatus(b), await jwksStatus(a), await jwksStatus(b)]).toEqual([503, 503, 503]);
  expect([await jwksStatus(a), await jwksStatus(b)]).toEqual([200, 200]);
  await eventually(async () => {
    expect(a.faults.list('aws')).toEqual([]);
    expect(b.faults.list('aws')).toEqual([]);
  });
  // Concurrent requests on both replicas share the count: exactly `count` of them fail.
  a.faults.inject('aws', { target: 'jwks', kind: 'status', status: 503, accountId: ACCOUNT, count: 4 });
  await eventually(async () => expect(b.faults.list('aws')).toHaveLength(1));
  const statuses = await Promise.all(Array.from({ length: 12 }, (_, i) => jwksStatus(i % 2 ? a : b)));
  expect(statuses.filter((s) => s === 503)).toHaveLength(4);
  // A fault until cleared, injected on A and cleared on B.
  const open = a.faults.inject('aws', { target: 'jwks', kind: 'status', status: 500, accountId: ACCOUNT });
  await eventually(async () => expect(b.faults.list('aws').map((f) => f.id)).toContain(open.id));
  expect(await jwksStatus(b)).toBe(500);
  b.faults.clear('aws', open.id);
  await eventually(async () => expect(a.faults.list('aws')).toEqual([]));
  expect([await jwksStatus(a), await jwksStatus(b)]).toEqual([200, 200]);
});

test('a clock offset set on B applies on A, announced once', async () => {
  const [a, b] = await replicas();
  b.setClockOffset('entra', 3600);
  await eventually(async () => expect(a.clock('entra').offsetSeconds).toBe(3600));
  expect(a.clock('aws').offsetSeconds).toBe(0);
  const res = await a.fetch(`${a.urls.entra!.authorityHost}/_fedlab/clock`);
  expect(((await res.json()) as { offsetSeconds: number }).offsetSeconds).toBe(3600);
  expect(a.events.recent().filter((e) => e.type === 'clock-set' && e.party === 'entra')).toHaveLength(1);
  a.setClockOffset('entra', 0);
  await eventually(async () => expect(b.clock('entra').offsetSeconds).toBe(0));
});

test('LookupEvents on B finds the mint made on A; a token request refused on A has its trace on B; a tenant policy set on A applies on B', async () => {
  const [a, b] = await replicas();
  const jti = decodeJwt(await mint(a)).jti!;
  const trail = new CloudTrailClient({ endpoint: b.urls.aws.endpoint, region: 'us-east-1', credentials: WORKLOAD_KEY, maxAttempts: 1 });
  try {
    await eventually(async () => {
      const found = await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'GetWebIdentityToken' }] }));
      const records = (found.Events ?? []).map((e) => JSON.parse(e.CloudTrailEvent!) as { responseElements?: { webIdentityTokenId?: string } });
      expect(records.map((r) => r.responseElements?.webIdentityTokenId)).toContain(jti);
    });
  } finally {
    trail.destroy();
  }

  const tokenUrl = (fedlab: Fedlab) => `${fedlab.urls.entra!.authorityHost}/${fedlab.tenantId}/oauth2/v2.0/token`;
  const refused = await a.fetch(tokenUrl(a), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: a.clientId!, scope: 'https://vault.azure.net/.default', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: 'not-a-jwt' }).toString(),
  });
  const body = (await refused.json()) as { correlation_id: string; error_codes: number[] };
  const traceOn = async (fedlab: Fedlab) => fedlab.fetch(`${fedlab.urls.entra!.authorityHost}/_fedlab/traces/${body.correlation_id}`);
  const onA = (await (await traceOn(a)).json()) as { outcome: string; failedCheck: string; code: number };
  await eventually(async () => expect((await traceOn(b)).status).toBe(200));
  expect(await (await traceOn(b)).json()).toMatchObject({ correlationId: body.correlation_id, outcome: 'rejected', failedCheck: onA.failedCheck, code: body.error_codes[0] });

  const policyUrl = (fedlab: Fedlab) => `${fedlab.urls.entra!.authorityHost}/_fedlab/tenant-policy/${fedlab.tenantId}`;
  const put = await a.fetch(policyUrl(a), { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ workloadIdentityFederation: 'disabled' }) });
  expect(put.status).toBe(200);
  await eventually(async () => expect(await (await b.fetch(policyUrl(b))).json()).toMatchObject({ workloadIdentityFederation: 'disabled' }));
  expect((await b.fetch(policyUrl(b), { method: 'DELETE' })).status).toBe(204);
  await eventually(async () => expect(await (await a.fetch(policyUrl(a))).json()).not.toMatchObject({ workloadIdentityFederation: 'disabled' }));
  expect(a.events.recent().filter((e) => e.type === 'tenant-policy-changed')).toHaveLength(2);
});

test('session credentials from AssumeRole on A are accepted by B at once; an unknown session key is still refused', async () => {
  const config = runtimeConfig();
  const role = 'arn:aws:iam::111122223333:role/replica-assumed';
  config.aws.accounts[0].roles = [{ arn: role, trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/fedlab-workload' }, Action: 'sts:AssumeRole' }] } }];
  const [a, b] = await replicas(config);
  const sts = new STSClient({ endpoint: a.urls.aws.endpoint, region: 'us-east-1', credentials: WORKLOAD_KEY, maxAttempts: 1 });
  try {
    const { Credentials } = await sts.send(new AssumeRoleCommand({ RoleArn: role, RoleSessionName: 'on-replica-a' }));
    const session = { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! };
    // No waiting: B holds the request until the session reaches it.
    expect(decodeJwt(await mint(b, session)).sub).toBe(role);
    expect(decodeJwt(await mint(a, session)).sub).toBe(role);
    // The session's keys never travel on the event bus.
    expect(JSON.stringify(b.events.recent())).not.toContain(session.secretAccessKey);
    expect(JSON.stringify(a.events.recent())).not.toContain(session.secretAccessKey);
    const unknown = { ...session, accessKeyId: 'ASIAFEDLABNOSESSION1' };
    await expect(mint(b, unknown)).rejects.toMatchObject({ name: 'InvalidClientTokenId' });
  } finally {
    sts.destroy();
  }
});

test('an IAM policy, an OIDC provider and an SCP created on A are seen on B, without a restart', async () => {
  const [a, b] = await replicas();
  const ORG_ADMIN = { accessKeyId: 'AKIAEXAMPLEORGADMIN1', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/EXAMPLEORGADMIN1KEY' };
  const clients = { iamA: new IAMClient({ endpoint: a.urls.aws.endpoint, region: 'us-east-1', credentials: ORG_ADMIN, maxAttempts: 1 }), iamB: new IAMClient({ endpoint: b.urls.aws.endpoint, region: 'us-east-1', credentials: ORG_ADMIN, maxAttempts: 1 }), orgA: new OrganizationsClient({ endpoint: a.urls.aws.endpoint, region: 'us-east-1', credentials: ORG_ADMIN, maxAttempts: 1 }), orgB: new OrganizationsClient({ endpoint: b.urls.aws.endpoint, region: 'us-east-1', credentials: ORG_ADMIN, maxAttempts: 1 }) };
  try {
    const document = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'sts:GetWebIdentityToken', Resource: '*', Condition: { NumericGreaterThan: { 'sts:DurationSeconds': '600' } } }] });
    await clients.iamA.send(new CreatePolicyCommand({ PolicyName: 'CreatedOnReplicaA', PolicyDocument: document }));
    await eventually(async () => expect(((await clients.iamB.send(new ListPoliciesCommand({ Scope: 'Local' }))).Policies ?? []).map((p) => p.PolicyName)).toContain('CreatedOnReplicaA'));
    const { OpenIDConnectProviderArn } = await clients.iamA.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://token.actions.githubusercontent.com', ClientIDList: ['sts.amazonaws.com'] }));
    await eventually(async () => expect((await clients.iamB.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn }))).ClientIDList).toEqual(['sts.amazonaws.com']));
    await clients.orgA.send(new CreateOrgPolicyCommand({ Name: 'ScpCreatedOnA', Description: 'replica test', Type: 'SERVICE_CONTROL_POLICY', Content: document }));
    await eventually(async () => expect(((await clients.orgB.send(new ListOrgPoliciesCommand({ Filter: 'SERVICE_CONTROL_POLICY' }))).Policies ?? []).map((p) => p.Name)).toContain('ScpCreatedOnA'));
  } finally {
    Object.values(clients).forEach((c) => c.destroy());
  }
});

test('a vault role assigned at runtime on A lets the managed identity read through B; taken back on B, refused on A', async () => {
  const SUB = 'd2a7e10f-6a52-4c0e-8f2e-9d518c1f6a52';
  const MI = { clientId: '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a81', principalId: '6f7a8b9c-0d1e-4f2a-9b3c-4d5e6f7a8b92' };
  const config = runtimeConfig();
  config.entra!.tenants[0].managedIdentities = [{ name: 'replica-mi', subscriptionId: SUB, resourceGroup: 'fedlab-rg', ...MI, federatedIdentityCredentials: [{ name: 'aws-workload', issuer: 'aws:111122223333', subject: 'arn:aws:iam::111122223333:role/fedlab-workload', audiences: ['api://AzureADTokenExchange'] }] }];
  config.vault!.authorization = 'rbac';
  const [a, b] = await replicas(config);
  const read = async (fedlab: Fedlab) => {
    const client = new SecretClient(fedlab.urls.vault!.url, fedlab.assertionCredential({ clientId: MI.clientId }), { ...azureTlsOptions(fedlab.ca), disableChallengeResourceVerification: true, retryOptions: { maxRetries: 0 } });
    return client.getSecret('demo-secret').then((s) => s.value, (error: { statusCode?: number }) => error.statusCode);
  };
  expect(await read(b)).toBe(403);
  const assignment = { principalId: MI.principalId, role: 'Key Vault Secrets User', scope: `/subscriptions/${SUB}/resourceGroups/fedlab-rg/providers/Microsoft.KeyVault/vaults/fedlab-vault` };
  const added = await a.fetch(`${a.urls.vault!.url}/_fedlab/role-assignments`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(assignment) });
  expect(added.status).toBe(201);
  await eventually(async () => expect(typeof (await read(b))).toBe('string'));
  expect((await b.fetch(`${b.urls.vault!.url}/_fedlab/role-assignments`, { method: 'DELETE' })).status).toBe(204);
  await eventually(async () => expect(await read(a)).toBe(403));
});

test('a role assignment made through A\'s ARM is known to B\'s ARM; deleted on B, gone on A', async () => {
  const SUB = 'd2a7e10f-6a52-4c0e-8f2e-9d518c1f6a52';
  const RG = `/subscriptions/${SUB}/resourceGroups/fedlab-rg`;
  const config = runtimeConfig();
  config.entra!.tenants[0].roleAssignments = [{ principalId: '0f6a3e2d-5c4b-4a39-8e7f-6d5c4b3a2910', role: 'Owner', scope: RG }];
  const [a, b] = await replicas(config);
  const arm = async (fedlab: Fedlab, method: string, path: string, body?: unknown) => {
    const { token } = await fedlab.assertionCredential().getToken('https://management.azure.com/.default');
    const response = await fedlab.fetch(`${fedlab.urls.arm!.url}${path}?api-version=2022-04-01`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return response.status;
  };
  const path = `${RG}/providers/Microsoft.Authorization/roleAssignments/9d3f1c2b-8a7e-4f6d-b5c4-3a2b1c0d9e8f`;
  const definition = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6`;
  expect(await arm(a, 'PUT', path, { properties: { roleDefinitionId: definition, principalId: '6f7a8b9c-0d1e-4f2a-9b3c-4d5e6f7a8b92', principalType: 'ServicePrincipal' } })).toBe(201);
  await eventually(async () => expect(await arm(b, 'GET', path)).toBe(200));
  expect(await arm(b, 'DELETE', path)).toBe(200);
  await eventually(async () => expect(await arm(a, 'GET', path)).toBe(404));
});

test('concurrent credential writes on one managed identity through A and B: the overlapping ones get 409, and none is lost', async () => {
  const [a, b] = await replicas();
  const identity = '/subscriptions/d2a7e10f-6a52-4c0e-8f2e-9d518c1f6a52/resourceGroups/fedlab-rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/replicated-mi';
  const arm = async (fedlab: Fedlab, method: string, path: string, body?: unknown) => {
    const { token } = await fedlab.assertionCredential().getToken('https://management.azure.com/.default');
    const response = await fedlab.fetch(`${fedlab.urls.arm!.url}${path}?api-version=2024-11-30`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: response.status, body: (await response.json()) as { value?: unknown[]; error?: { code: string } } };
  };
  expect((await arm(a, 'PUT', identity, { location: 'eastus' })).status).toBe(201);
  // Tokens first, so that the writes start together.
  await Promise.all([a, b].map((fedlab) => fedlab.assertionCredential().getToken('https://management.azure.com/.default')));
  const fic = (i: number) => ({ properties: { issuer: 'https://token.actions.githubusercontent.com', subject: `repo:contoso/app:ref:refs/heads/b${i}`, audiences: ['api://AzureADTokenExchange'] } });
  const results = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => arm(i % 2 ? a : b, 'PUT', `${identity}/federatedIdentityCredentials/parallel-${i}`, fic(i))));
  const created = results.filter((r) => r.status === 201).length;
  const conflicts = results.filter((r) => r.status === 409);
  expect(created).toBeGreaterThan(0);
  expect(created + conflicts.length).toBe(6);
  for (const conflict of conflicts) expect(conflict.body.error?.code).toBe('ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity');
  await eventually(async () => {
    expect((await arm(a, 'GET', `${identity}/federatedIdentityCredentials`)).body.value).toHaveLength(created);
    expect((await arm(b, 'GET', `${identity}/federatedIdentityCredentials`)).body.value).toHaveLength(created);
  });
});
