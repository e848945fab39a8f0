import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { ConfigError } from '../config/config-error.js';
import type { Logger } from '../logger.js';
import { storeUrlProblem } from './store-config.js';
import { SharedStoreUnavailable, type SharedStore } from './shared-store.js';

/** Every key fedlab writes starts with this, so one Redis database can hold other data too. */
const PREFIX = 'fedlab:';
const CONNECT_TIMEOUT_MS = 2_000;
/** The longest pause between reconnect attempts (also what `Retry-After` tells clients). */
const MAX_RETRY_MS = 1_000;

/**
 * The window starts at the first hit and restarts once `windowMs` has passed on the caller's clock;
 * one script, so the read-compare-write is atomic across replicas. The key also expires in Redis
 * time, so an idle client's window does not stay in memory.
 */
const HIT_WINDOW = `
local start = redis.call('HGET', KEYS[1], 's')
if (not start) or (tonumber(ARGV[1]) - tonumber(start) >= tonumber(ARGV[2])) then
  redis.call('HSET', KEYS[1], 's', ARGV[1], 'c', 1)
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return {ARGV[1], 1}
end
return {start, redis.call('HINCRBY', KEYS[1], 'c', 1)}`;

const DOCUMENTS = `${PREFIX}documents`;
const CHANGES = `${PREFIX}document-changes`;
const EVENTS = `${PREFIX}events`;
const REPLICA_MESSAGES = `${PREFIX}replica-messages`;
const START_LOCK = `${PREFIX}start-lock`;
/** A replica that dies while starting frees the lock after this long. */
const START_LOCK_MS = 60_000;
/** Deletes the lock only if this replica still holds it. */
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/** `redis://user:password@host:port/db` without its password, for logs and errors. */
export function redisLocation(url: string): string {
  const parsed = new URL(url);
  parsed.password = '';
  return parsed.toString();
}

export function parseStoreUrl(raw: string): string {
  const problem = storeUrlProblem(raw);
  if (problem) throw new ConfigError(undefined, [`--store: ${problem}`]);
  return raw;
}

/**
 * Connects at start and fails at once if Redis is not there (a replica must not come up alone).
 * Once connected, a lost connection is retried forever in the background; meanwhile commands fail
 * at once (no offline queue that would hold requests) with SharedStoreUnavailable.
 */
export async function connectRedisStore(url: string, logger: Logger): Promise<SharedStore> {
  const location = redisLocation(parseStoreUrl(url));
  let connected = false;
  // When the client's pending reconnect timer fires: close() outlives it, so nothing stays scheduled.
  let retryAt = 0;
  const reconnectIn = (retries: number): number => {
    const delay = Math.min(50 * 2 ** retries, MAX_RETRY_MS);
    retryAt = Date.now() + delay;
    return delay;
  };
  const client = createClient({
    url,
    disableOfflineQueue: true,
    // Not yet connected: give up (the start fails). A fresh Error, as the client tests `instanceof Error`
    // and a socket error may come from another realm (test runners' VM contexts).
    socket: { connectTimeout: CONNECT_TIMEOUT_MS, reconnectStrategy: (retries, cause) => (connected ? reconnectIn(retries) : new Error(cause?.message ?? 'connection failed')) },
  });
  let lastError = '';
  client.on('error', (error: Error) => {
    if (!connected || error.message === lastError) return;
    lastError = error.message;
    logger.warn({ store: location, err: error.message }, 'shared store connection lost; retrying');
  });
  const reconnected: (() => void)[] = [];
  client.on('ready', () => {
    if (connected && lastError) {
      logger.info({ store: location }, 'shared store reconnected');
      for (const listener of reconnected) listener();
    }
    lastError = '';
  });
  try {
    await client.connect();
  } catch (error) {
    throw new SharedStoreUnavailable(location, (error as Error).message || String(error));
  }
  connected = true;
  // Tells this replica's own change notices from the others'.
  const replicaId = randomUUID();
  let subscriber: Promise<typeof client> | undefined;
  // One subscriber connection for documents and events (a subscribed connection takes no other commands).
  const subscribed = () =>
    (subscriber ??= (async () => {
      const connection = client.duplicate();
      connection.on('error', () => {}); // the main client reports the outage
      await connection.connect();
      return connection;
    })());
  const send = async <T>(args: string[]): Promise<T> => {
    try {
      return (await client.sendCommand(args)) as T;
    } catch (error) {
      throw new SharedStoreUnavailable(location, (error as Error).message);
    }
  };
  // Each message names the replica that sent it, so a replica never hears its own.
  const publishOn = async (channel: string, text: string) => {
    await send(['PUBLISH', channel, `${replicaId}\n${text}`]);
  };
  const watchOthers = async (channel: string, listener: (text: string) => void) => {
    await (await subscribed()).subscribe(channel, (message) => {
      const cut = message.indexOf('\n');
      if (message.slice(0, cut) !== replicaId) listener(message.slice(cut + 1));
    });
  };
  return {
    location,
    available: () => client.isReady,
    onReconnect(listener) {
      reconnected.push(listener);
    },
    async claimOnce(key, ttlMs) {
      return (await send<string | null>(['SET', PREFIX + key, '1', 'NX', 'PX', String(Math.max(1, Math.ceil(ttlMs)))])) === 'OK';
    },
    async releaseClaim(key) {
      await send(['DEL', PREFIX + key]);
    },
    async hitWindow(key, windowMs, nowMs) {
      const [start, count] = await send<[string, number]>(['EVAL', HIT_WINDOW, '1', PREFIX + key, String(Math.floor(nowMs)), String(windowMs)]);
      return { startMs: Number(start), count: Number(count) };
    },
    async loadDocuments() {
      // node-redis answers HGETALL with an object (RESP2 included), not the flat list Redis sends.
      const reply = await send<Record<string, string> | string[]>(['HGETALL', DOCUMENTS]);
      if (!Array.isArray(reply)) return new Map(Object.entries(reply));
      const documents = new Map<string, string>();
      for (let i = 0; i < reply.length; i += 2) documents.set(reply[i]!, reply[i + 1]!);
      return documents;
    },
    async saveDocument(name, text) {
      await send(['EVAL', `redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) redis.call('PUBLISH', KEYS[2], ARGV[3]) return 1`, '2', DOCUMENTS, CHANGES, name, text, JSON.stringify([replicaId, name])]);
    },
    async watchDocuments(listener) {
      await (await subscribed()).subscribe(CHANGES, (message) => {
        const [origin, name] = JSON.parse(message) as [string, string];
        if (origin === replicaId) return;
        void send<string | null>(['HGET', DOCUMENTS, name]).then(
          (text) => text !== null && listener(name, text),
          (error: Error) => logger.warn({ store: location, document: name, err: error.message }, 'changed document not read'),
        );
      });
    },
    publishEvent: (text) => publishOn(EVENTS, text),
    watchEvents: (listener) => watchOthers(EVENTS, listener),
    publishReplicaMessage: (text) => publishOn(REPLICA_MESSAGES, text),
    watchReplicaMessages: (listener) => watchOthers(REPLICA_MESSAGES, listener),
    async startLock() {
      const deadline = Date.now() + START_LOCK_MS;
      while ((await send<string | null>(['SET', START_LOCK, replicaId, 'NX', 'PX', String(START_LOCK_MS)])) !== 'OK') {
        if (Date.now() > deadline) throw new SharedStoreUnavailable(location, 'another replica has been starting for a minute');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return async () => {
        await send(['EVAL', RELEASE, '1', START_LOCK, replicaId]).catch(() => undefined);
      };
    },
    async claimConfiguration(fingerprint) {
      await send(['SET', `${PREFIX}configuration`, fingerprint, 'NX']);
      return (await send<string>(['GET', `${PREFIX}configuration`])) ?? fingerprint;
    },
    async close() {
      connected = false;
      const connection = await subscriber?.catch(() => undefined);
      if (connection?.isOpen) connection.destroy();
      // close() waits for pending replies; while reconnecting there is no socket to wait on. The
      // client's reconnect pause is a plain timer that destroy() does not cancel: wait it out, so a
      // closed store leaves nothing behind that keeps the process alive.
      if (client.isReady) await client.close();
      else if (client.isOpen) {
        client.destroy();
        const pending = retryAt - Date.now();
        if (pending > 0) await new Promise((resolve) => setTimeout(resolve, pending + 5));
      }
    },
  };
}
