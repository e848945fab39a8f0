import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetWebIdentityTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { SecretClient } from '@azure/keyvault-secrets';
import { azureTlsOptions } from '../../src/client/trust.js';
import { startFedlab, type Fedlab } from '../../src/start-fedlab.js';
import { ACCOUNT, runtimeConfig } from '../runtime/support.js';
import { startRedisServer, type RedisServer } from './helpers/redis-server.js';

/**
 * Redis lost under two replicas: every request that would change what all replicas must see is
 * refused in its listener's own format (503, Retry-After, the check named), reads and token minting
 * go on, and once Redis is back (here empty: it keeps nothing on disk) the replicas put their
 * documents back, so a replica started afterwards has them too.
 */
let redis: RedisServer;
const running: Fedlab[] = [];
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  for (const fedlab of running.splice(0).reverse()) await fedlab.close();
  await redis?.close();
});

const WORKLOAD_KEY = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const ROLE = `arn:aws:iam::${ACCOUNT}:role/assumed-during-outage`;
const ADDED = { arn: `arn:aws:iam::${ACCOUNT}:role/added-around-outage`, accessKeyId: 'AKIAFEDLABOUTAGE0001', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEOUTAGE' };
const ADMIN = { client_id: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c61', client_secret: 'fedlab~admin~EXAMPLE~secret~0000000000000000' };

async function sdkFailure(promise: Promise<unknown>): Promise<{ name: string; status: number | undefined; retryAfter?: string }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; $metadata?: { httpStatusCode?: number }; $response?: { headers?: Record<string, string> } };
    return { name: e.name, status: e.$metadata?.httpStatusCode, retryAfter: e.$response?.headers?.['retry-after'] };
  }
  throw new Error('expected a refusal');
}

const postJson = (fedlab: Fedlab, url: string, body: unknown, headers: Record<string, string> = {}) =>
  fedlab.fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

test('while Redis is lost: changes refused in every protocol, minting goes on; afterwards the store is put back', async () => {
  const config = runtimeConfig();
  config.aws.accounts[0].roles = [{ arn: ROLE, trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/fedlab-workload` }, Action: 'sts:AssumeRole' }] } }];
  const a = await startFedlab({ config, ports: 'auto', store: redis.url });
  running.push(a);
  const b = await startFedlab({ config, ports: 'auto', store: redis.url });
  running.push(b);
  const sts = new STSClient({ endpoint: a.urls.aws.endpoint, region: 'us-east-1', credentials: WORKLOAD_KEY, maxAttempts: 1 });
  const iam = new IAMClient({ endpoint: a.urls.aws.endpoint, region: 'us-east-1', credentials: WORKLOAD_KEY, maxAttempts: 1 });
  const graphToken = (await (await a.fetch(`${a.urls.entra!.authorityHost}/${a.tenantId}/oauth2/v2.0/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'https://graph.microsoft.com/.default', ...ADMIN }).toString() })).json()) as { access_token: string };
  const vault = new SecretClient(a.urls.vault!.url, a.assertionCredential(), { ...azureTlsOptions(a.ca), disableChallengeResourceVerification: true, retryOptions: { maxRetries: 0 } });
  await vault.getSecret('demo-secret'); // a token in hand before the outage
  const events: Record<string, unknown>[] = [];
  a.events.subscribe((event) => events.push(event));
  await redis.kill();
  try {
    // AWS: awsQuery (IAM write, a new STS session) and the runtime control's JSON.
    expect(await sdkFailure(iam.send(new CreateRoleCommand({ RoleName: 'during-outage', AssumeRolePolicyDocument: '{"Version":"2012-10-17","Statement":[]}' })))).toMatchObject({ name: 'ServiceUnavailable', status: 503, retryAfter: '1' });
    expect(await sdkFailure(sts.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'outage' })))).toMatchObject({ name: 'ServiceUnavailable', status: 503 });
    const control = await postJson(a, `${a.urls.aws.endpoint}/_fedlab/accounts/${ACCOUNT}/principals`, ADDED);
    expect([control.status, control.headers.get('retry-after'), control.headers.get('x-fedlab-failed-check')]).toEqual([503, '1', 'shared-store-reachable']);
    expect(await control.json()).toMatchObject({ error: { code: 'StoreUnavailable' } });
    // Microsoft Graph's envelope, and Key Vault's.
    const graph = await postJson(a, `${a.urls.entra!.authorityHost}/v1.0/applications`, { displayName: 'during-outage' }, { authorization: `Bearer ${graphToken.access_token}` });
    expect([graph.status, graph.headers.get('retry-after')]).toEqual([503, '1']);
    expect(await graph.json()).toMatchObject({ error: { code: 'serviceNotAvailable' } });
    await expect(vault.setSecret('during-outage', 'x')).rejects.toMatchObject({ statusCode: 503, code: 'ServiceUnavailable' });
    // What changes nothing shared goes on.
    expect((await sts.send(new GetWebIdentityTokenCommand({ Audience: ['api://AzureADTokenExchange'], SigningAlgorithm: 'RS256' }))).WebIdentityToken).toMatch(/^eyJ/);
    expect((await vault.getSecret('demo-secret')).value).toBeDefined();
    expect(events.filter((e) => e.type === 'store-unavailable').map((e) => e.refused)).toEqual(expect.arrayContaining(['CreateRole', 'AssumeRole', `POST /_fedlab/accounts/${ACCOUNT}/principals`, 'POST /v1.0/applications', 'PUT /secrets/during-outage']));
  } finally {
    await redis.restart();
  }
  // Back: the same change is taken, and reaches the other replica.
  const deadline = Date.now() + 10_000;
  let status = 503;
  while (status === 503 && Date.now() < deadline) {
    status = (await postJson(a, `${a.urls.aws.endpoint}/_fedlab/accounts/${ACCOUNT}/principals`, ADDED)).status;
    if (status === 503) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(status).toBe(201);
  const mintsWith = async (fedlab: Fedlab) => {
    const client = new STSClient({ endpoint: fedlab.urls.aws.endpoint, region: 'us-east-1', credentials: ADDED, maxAttempts: 1 });
    try {
      return (await client.send(new GetWebIdentityTokenCommand({ Audience: ['api://AzureADTokenExchange'], SigningAlgorithm: 'RS256' }))).WebIdentityToken;
    } finally {
      client.destroy();
    }
  };
  const until = Date.now() + 5_000;
  while (!(await mintsWith(b).catch(() => undefined)) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(await mintsWith(b)).toMatch(/^eyJ/);
  // The restarted Redis kept nothing; the replicas put their documents back: a third replica
  // started now has the same CA, issuer ids and the added principal.
  const c = await startFedlab({ config, ports: 'auto', store: redis.url });
  running.push(c);
  expect(c.ca).toBe(a.ca);
  expect(c.urls.aws.issuers[ACCOUNT]).toBe(a.urls.aws.issuers[ACCOUNT]!.replace(a.urls.aws.endpoint, c.urls.aws.endpoint));
  expect(await mintsWith(c)).toMatch(/^eyJ/);
  sts.destroy();
  iam.destroy();
});
