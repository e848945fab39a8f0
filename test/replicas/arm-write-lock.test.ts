import { createWriteLock } from '../../src/arm/identities/write-lock.js';
import { createLogger } from '../../src/core/logger.js';
import { connectRedisStore } from '../../src/core/shared/redis-store.js';
import type { SharedStore } from '../../src/core/shared/shared-store.js';
import { startRedisServer, type RedisServer } from './helpers/redis-server.js';

/** ARM's one-write-at-a-time rule per managed identity holds across replicas: the identity is claimed in their store. */
let redis: RedisServer;
const stores: SharedStore[] = [];
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  for (const store of stores) await store.close();
  await redis?.close();
});

const ID = '/subscriptions/d2a7e10f-6a52-4c0e-8f2e-9d518c1f6a52/resourcegroups/fedlab-rg/providers/microsoft.managedidentity/userassignedidentities/locked-mi';

async function twoLocks() {
  const logger = createLogger({ level: 'silent' });
  const [a, b] = [await connectRedisStore(redis.url, logger), await connectRedisStore(redis.url, logger)];
  stores.push(a, b);
  return [createWriteLock(a, logger), createWriteLock(b, logger)] as const;
}

test('a credential write through B while one through A is in flight is refused; after it, B may write', async () => {
  const [onA, onB] = await twoLocks();
  let release!: () => void;
  const inFlight = onA.tryWith(ID, () => new Promise<string>((resolve) => (release = () => resolve('a'))));
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(await onB.tryWith(ID.toUpperCase(), async () => 'b')).toBeUndefined();
  expect(await onB.tryWith(`${ID}-other`, async () => 'another identity')).toBe('another identity');
  release();
  expect(await inFlight).toBe('a');
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(await onB.tryWith(ID, async () => 'b')).toBe('b');
});

test('an identity write through B waits for the one in flight through A, then runs', async () => {
  const [onA, onB] = await twoLocks();
  const order: string[] = [];
  let release!: () => void;
  const first = onA.with(ID, () => new Promise<void>((resolve) => (release = () => (order.push('a'), resolve()))));
  await new Promise((resolve) => setTimeout(resolve, 20));
  const second = onB.with(ID, async () => void order.push('b'));
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(order).toEqual([]);
  release();
  await Promise.all([first, second]);
  expect(order).toEqual(['a', 'b']);
});
