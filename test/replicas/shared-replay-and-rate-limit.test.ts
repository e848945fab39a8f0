import pino from 'pino';
import { connectRedisStore } from '../../src/core/shared/redis-store.js';
import { SharedStoreUnavailable, type SharedStore } from '../../src/core/shared/shared-store.js';
import { expectEntra } from '../security/helpers/expect-answer.js';
import { startSecurityLab, type HttpAnswer, type SecurityLab } from '../security/helpers/security-lab.js';
import { startRedisServer, type RedisServer } from './helpers/redis-server.js';

/**
 * Two Entra replicas on one Redis (`--store`) answer as one: the security battery's replay
 * (C-15) and rate-limit cases, run across the replicas, and Redis lost and back mid-run.
 */
const silent = pino({ level: 'silent' });

let redis: RedisServer;
const stores: SharedStore[] = [];
const labs: SecurityLab[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
});

afterEach(async () => {
  for (const lab of labs.splice(0).reverse()) await lab.close();
  for (const store of stores.splice(0)) await store.close();
});

afterAll(async () => {
  await redis?.close();
});

async function replicas(entra: (config: any) => void): Promise<[SecurityLab, SecurityLab]> {
  const storeA = await connectRedisStore(redis.url, silent);
  const storeB = await connectRedisStore(redis.url, silent);
  stores.push(storeA, storeB);
  const a = await startSecurityLab({ entra, sharedStore: storeA });
  labs.push(a);
  const b = await startSecurityLab({ entra, sharedStore: storeB, issuer: a.fi });
  labs.push(b);
  return [a, b];
}

/** The store's outage in Entra's format: 503 temporarily_unavailable AADSTS90033, Retry-After, no token. */
function expectUnavailable(answer: HttpAnswer, failedCheck: string): void {
  expect(String(answer.headers['content-type'])).toMatch(/^application\/json/);
  expect({ status: answer.status, error: answer.body?.error, codes: answer.body?.error_codes }).toEqual({ status: 503, error: 'temporarily_unavailable', codes: [90033] });
  expect(answer.headers['retry-after']).toBe('1');
  expect(answer.headers['x-fedlab-failed-check']).toBe(failedCheck);
  expect(answer.text).not.toContain('access_token');
}

const replayOn = (config: any) => (config.replayCache = { enabled: true, maxEntries: 100 });

test('an assertion accepted by replica A is refused as a replay by replica B, on both grants', async () => {
  const [a, b] = await replicas(replayOn);
  const once = await a.kit('ca').sign();
  expect((await a.send('ca', once)).status).toBe(200);
  expectEntra(await b.send('ca', once), 400, 'invalid_request', 50027);
  expectEntra(await b.send('te', once), 400, 'invalid_request', 50027);
  // A fresh assertion still works on B: the refusal is the replay, not B.
  expect((await b.send('te', await a.kit('ca').sign())).status).toBe(200);
});

test('the rate limit is one window for all replicas', async () => {
  const [a, b] = await replicas((config) => (config.rateLimit = { requests: 2, windowSeconds: 60 }));
  expect((await a.send('ca', await a.kit('ca').sign())).status).toBe(200);
  expect((await b.send('ca', await a.kit('ca').sign())).status).toBe(200);
  const third = await a.send('ca', await a.kit('ca').sign());
  expectEntra(third, 429, 'temporarily_unavailable', 90055);
  expect(Number(third.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  expect(third.headers['x-fedlab-failed-check']).toBe('rate-limit');
  expectEntra(await b.send('ca', await a.kit('ca').sign()), 429, 'temporarily_unavailable', 90055);
});

test('Redis lost mid-run: 503 AADSTS90033 with Retry-After, an event naming the store, then recovery without restart', async () => {
  const [a, b] = await replicas((config) => {
    replayOn(config);
    config.rateLimit = { requests: 100, windowSeconds: 60 };
  });
  expect((await a.send('ca', await a.kit('ca').sign())).status).toBe(200);
  const events: any[] = [];
  a.ctx.events.subscribe((event) => events.push(event));
  await redis.kill();
  try {
    expectUnavailable(await a.send('ca', await a.kit('ca').sign()), 'rate-limit');
    expect(events).toContainEqual(expect.objectContaining({ type: 'store-unavailable', store: `redis://127.0.0.1:${redis.port}/0` }));
  } finally {
    await redis.restart();
  }
  // The clients reconnect on their own (within about a second); until then the answer stays 503.
  const deadline = Date.now() + 10_000;
  let answer = await b.send('ca', await a.kit('ca').sign());
  while (answer.status === 503 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    answer = await b.send('ca', await a.kit('ca').sign());
  }
  expect(answer.status).toBe(200);
});

test('replay cache unreachable: the replay check answers 503 on both grants, never accepts unchecked', async () => {
  const [a] = await replicas(replayOn);
  await redis.kill();
  try {
    const token = await a.kit('ca').sign();
    expectUnavailable(await a.send('ca', token), 'replay');
    expectUnavailable(await a.send('te', token), 'replay');
  } finally {
    await redis.restart();
  }
});

test('a replica does not start when Redis is unreachable', async () => {
  const refused = connectRedisStore('redis://127.0.0.1:1/0', silent);
  await expect(refused).rejects.toThrow(SharedStoreUnavailable);
  await expect(refused).rejects.toThrow(/shared store redis:\/\/127\.0\.0\.1:1\/0 is unavailable \(.*ECONNREFUSED/);
});
