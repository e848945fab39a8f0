import { EventEmitter } from 'node:events';
import { afterEach, expect, test } from '@jest/globals';
import { connectPrimaryStore, servePrimaryStore, type IpcPeer } from '../../src/core/shared/cluster-store.js';
import { createPrimaryStore, MAX_WINDOWS } from '../../src/core/shared/primary-store.js';
import { expectEntra } from './helpers/expect-answer.js';
import { startSecurityLab, type HttpAnswer, type SecurityLab } from './helpers/security-lab.js';

/**
 * `fedlab start --workers N` without `--store` (docs/security.md "Several processes"): the primary
 * process holds the single-use assertion cache and the rate-limit windows, and every worker asks it
 * over cluster IPC. Here the real primary store (createPrimaryStore + servePrimaryStore, what the
 * primary runs) serves Entra replicas through the real worker side (connectPrimaryStore) over an
 * in-process channel that, like node:cluster's, delivers messages asynchronously as JSON. The same
 * cases through the CLI's real workers: test/bench/workers.test.ts (replay); through Redis:
 * test/replicas/shared-replay-and-rate-limit.test.ts.
 */

/** One worker's IPC channel: the primary's end (IpcPeer) and the worker's (the `process` of a worker). */
function ipcPair() {
  const toWorker = new EventEmitter();
  const toPrimary = new EventEmitter();
  let connected = true;
  const deliver = (target: EventEmitter, message: unknown) => setImmediate(() => target.emit('message', JSON.parse(JSON.stringify(message))));
  const primaryEnd: IpcPeer = {
    send: (message) => (connected ? (deliver(toWorker, message), true) : false),
    on: (event, listener) => toPrimary.on(event, listener),
    isConnected: () => connected,
  };
  const workerEnd = Object.defineProperties(toWorker, {
    connected: { get: () => connected },
    send: { value: (message: unknown) => (connected ? (deliver(toPrimary, message), true) : false) },
  });
  return {
    primaryEnd,
    workerEnd: workerEnd as unknown as NodeJS.Process,
    /** The primary process has gone: the channel closes and the worker hears `disconnect`. */
    disconnect() {
      connected = false;
      toWorker.emit('disconnect');
    },
  };
}

const labs: SecurityLab[] = [];
afterEach(async () => {
  for (const lab of labs.splice(0).reverse()) await lab.close();
});

/** The primary and `count` workers, each an Entra on the primary's store (the first worker's issuers shared). */
async function cluster(entra: (config: any) => void, count = 2) {
  const served = servePrimaryStore((onChange, onEvent) => createPrimaryStore({ documents: new Map(), onChange, onEvent }));
  const channels: ReturnType<typeof ipcPair>[] = [];
  const workers: SecurityLab[] = [];
  const fork = async (): Promise<SecurityLab> => {
    const channel = ipcPair();
    channels.push(channel);
    served.attach(String(channels.length), channel.primaryEnd);
    const lab = await startSecurityLab({ entra, sharedStore: connectPrimaryStore(channel.workerEnd), ...(workers[0] ? { issuer: workers[0].fi } : {}) });
    labs.push(lab);
    workers.push(lab);
    return lab;
  };
  for (let i = 0; i < count; i++) await fork();
  return { workers, channels, served, fork };
}

const replayOn = (config: any) => (config.replayCache = { enabled: true, maxEntries: 100 });

function expectUnavailable(answer: HttpAnswer, failedCheck: string): void {
  expect(String(answer.headers['content-type'])).toMatch(/^application\/json/);
  expect({ status: answer.status, error: answer.body?.error, codes: answer.body?.error_codes }).toEqual({ status: 503, error: 'temporarily_unavailable', codes: [90033] });
  expect(answer.body.error_description).toMatch(/^AADSTS90033: /);
  expect(answer.headers['retry-after']).toBe('1');
  expect(answer.headers['x-fedlab-failed-check']).toBe(failedCheck);
  expect(answer.text).not.toContain('access_token');
}

test('WRK-01 an assertion accepted by one worker is refused as a replay by the other, on both grants', async () => {
  const { workers: [a, b] } = await cluster(replayOn);
  const once = await a!.kit('ca').sign();
  expect((await a!.send('ca', once)).status).toBe(200);
  expectEntra(await b!.send('ca', once), 400, 'invalid_request', 50027);
  expectEntra(await b!.send('te', once), 400, 'invalid_request', 50027);
  expectEntra(await a!.send('ca', once), 400, 'invalid_request', 50027);
  expect((await b!.send('ca', await a!.kit('ca').sign())).status).toBe(200); // the refusal is the replay, not B
});

test('WRK-02 the rate limit is one window for all workers: a limit of 3 lets 3 through, not 3 per worker', async () => {
  const { workers: [a, b] } = await cluster((config) => (config.rateLimit = { requests: 3, windowSeconds: 60 }));
  const statuses: number[] = [];
  for (let i = 0; i < 6; i++) {
    const worker = i % 2 === 0 ? a! : b!;
    const answer = await worker.send('ca', await a!.kit('ca').sign());
    statuses.push(answer.status);
    if (answer.status === 429) {
      expectEntra(answer, 429, 'temporarily_unavailable', 90055);
      expect(Number(answer.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(answer.headers['x-fedlab-failed-check']).toBe('rate-limit');
    }
  }
  expect(statuses).toEqual([200, 200, 200, 429, 429, 429]);
});

test('WRK-03 a worker replaced (it exited, the primary forked another) finds the replay cache and the windows as they were', async () => {
  const { workers: [a, b], served, fork } = await cluster((config) => {
    replayOn(config);
    config.rateLimit = { requests: 3, windowSeconds: 60 };
  });
  const once = await a!.kit('ca').sign();
  expect((await a!.send('ca', once)).status).toBe(200);
  expect((await b!.send('ca', await a!.kit('ca').sign())).status).toBe(200);
  served.detach('2');
  await b!.close();
  labs.splice(labs.indexOf(b!), 1);
  const c = await fork();
  expectEntra(await c.send('ca', once), 400, 'invalid_request', 50027); // the third request of the window
  expectEntra(await c.send('ca', await a!.kit('ca').sign()), 429, 'temporarily_unavailable', 90055);
});

test('WRK-04 the primary lost: the replay and rate-limit checks answer 503 AADSTS90033 with Retry-After, never unchecked', async () => {
  const { workers: [a, b], channels } = await cluster((config) => {
    replayOn(config);
    config.rateLimit = { requests: 100, windowSeconds: 60 };
  });
  const { workers: [replayOnly], channels: replayChannels } = await cluster(replayOn, 1);
  const events: any[] = [];
  a!.ctx.events.subscribe((event) => events.push(event));
  const token = await a!.kit('ca').sign();
  channels[0]!.disconnect();
  replayChannels[0]!.disconnect();
  expectUnavailable(await a!.send('ca', token), 'rate-limit');
  expect(events).toContainEqual(expect.objectContaining({ type: 'store-unavailable', store: 'the primary process (fedlab start --workers)', failedCheck: 'rate-limit' }));
  const own = await replayOnly!.kit('ca').sign();
  expectUnavailable(await replayOnly!.send('ca', own), 'replay');
  expectUnavailable(await replayOnly!.send('te', own), 'replay');
  // The other worker, still connected, accepts the assertion once: it was never used.
  expect((await b!.send('ca', token)).status).toBe(200);
});

test('WRK-05 the primary tracks at most MAX_WINDOWS rate-limit windows (one per made-up client_id costs it nothing past that): the oldest dropped, logged', () => {
  const evicted: number[] = [];
  const store = createPrimaryStore({ documents: new Map(), onChange: () => {}, onEvictWindows: (count) => evicted.push(count), nowMs: () => 1_000 });
  const hit = (key: string) => (store.calls.hitWindow as unknown as (client: string, key: string, windowMs: number, nowMs: number) => { count: number })('1', key, 60_000, 1_000);
  expect(MAX_WINDOWS).toBe(10_000);
  for (let i = 0; i < MAX_WINDOWS; i++) hit(`entra:rate:client:made-up-${i}`);
  expect(evicted).toEqual([]);
  expect(hit('entra:rate:client:made-up-1').count).toBe(2); // still counted
  hit('entra:rate:client:one-more');
  expect(evicted).toEqual([1]);
  expect(hit('entra:rate:client:made-up-0').count).toBe(1); // the oldest was dropped: it starts afresh
  expect(hit('entra:rate:client:one-more').count).toBe(2);
});
