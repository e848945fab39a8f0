import { GetWebIdentityTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
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

async function mint(fedlab: Fedlab, credentials = WORKLOAD_KEY): Promise<string> {
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
