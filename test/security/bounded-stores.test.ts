import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { RestError } from '@azure/core-rest-pipeline';
import type { SecretClient } from '@azure/keyvault-secrets';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { evictionNotice } from '../../src/core/bounds/eviction-notice.js';
import { MAX_ARRAY_ITEMS, MAX_FIELD_CHARS } from '../../src/core/bounds/truncate-fields.js';
import { createEventBus, eventBytes } from '../../src/core/events.js';
import { MAX_STREAMS_PER_LISTENER, MAX_UNSENT_BYTES } from '../../src/core/http/event-stream-writer.js';
import { createReplayCache } from '../../src/core/jwt/replay-cache.js';
import { createTraceLog } from '../../src/entra/exchange/trace-log.js';
import { createTrailStore } from '../../src/aws/cloudtrail/trail-store.js';
import type { Fedlab } from '../../src/start-fedlab.js';
import type { Account } from '../../src/aws/accounts/account.js';
import { createSessionStore, newSessionCredentials, type RoleSession } from '../../src/aws/sessions/session-store.js';
import { control, memoryLogger, runtimeConfig, startRuntimeLab } from '../runtime/support.js';
import { rawRequest, secretClient, startVaultLab, staticCredential, type VaultLab } from '../vault/helpers/vault-lab.js';

/** Issue #18 item 3: every store a client can grow is bounded, and a reader that stops reading is dropped (docs/security.md "Bounded stores"). */
let fedlab: Fedlab;
let log: ReturnType<typeof memoryLogger>;
let streams: Record<string, string>;
beforeAll(async () => {
  log = memoryLogger();
  fedlab = await startRuntimeLab(runtimeConfig(), log.logger);
  streams = {
    aws: `${fedlab.urls.aws.endpoint}/_fedlab/events`,
    entra: `${fedlab.urls.entra!.authorityHost}/_fedlab/events`,
    vault: `${fedlab.urls.vault!.url}/_fedlab/events`,
    console: `${fedlab.urls.console!.url}/api/events`,
  };
});
afterAll(() => fedlab?.close());

/** A raw GET whose reader never reads (the socket is paused once the request is sent). */
function stalledReader(url: string): Promise<{ socket: Socket; received: () => number; closed: Promise<void> }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const opts = { host: u.hostname, port: Number(u.port) };
    const socket: Socket = u.protocol === 'https:' ? tlsConnect({ ...opts, ca: fedlab.ca, servername: 'localhost' }) : netConnect(opts);
    let received = 0;
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    socket.once('error', () => {});
    socket.once(u.protocol === 'https:' ? 'secureConnect' : 'connect', () => {
      socket.write(`GET ${u.pathname}?replay=0 HTTP/1.1\r\nHost: ${u.host}\r\nAccept: text/event-stream\r\n\r\n`);
      socket.once('data', (chunk: Buffer) => {
        received += chunk.length;
        socket.pause();
        socket.on('data', (c: Buffer) => (received += c.length));
        resolve({ socket, received: () => received, closed });
      });
    });
    socket.once('error', reject);
  });
}

/** A 256 × 2 KiB event: the largest the bus keeps after cutting fields. */
const bigEvent = (i: number) => ({ party: 'test', type: 'flood', i, blob: Array.from({ length: MAX_ARRAY_ITEMS }, () => 'x'.repeat(MAX_FIELD_CHARS)) });

async function waitFor(condition: () => boolean, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('BND-01 a subscriber that stops reading is dropped and logged once its unsent bytes pass the bound, on every listener; the listener keeps answering', async () => {
  for (const [listener, url] of Object.entries(streams)) {
    const baseline = fedlab.events.subscriberCount;
    const reader = await stalledReader(url);
    await waitFor(() => fedlab.events.subscriberCount === baseline + 1);
    let published = 0;
    // ~525 KiB an event: 120 of them would be 60 MiB queued for a reader that never reads.
    for (; published < 120 && fedlab.events.subscriberCount > baseline; published++) {
      fedlab.events.publish(bigEvent(published));
      await new Promise((r) => setImmediate(r));
    }
    expect([listener, fedlab.events.subscriberCount]).toEqual([listener, baseline]);
    const sent = published * eventBytes(fedlab.events.recent().at(-1)!);
    reader.socket.resume();
    await reader.closed;
    // What reached the reader: the kernel's socket buffers and at most the bound, never the flood.
    expect(reader.received()).toBeLessThan(sent);
    expect(published).toBeLessThan(120);
    const dropped = log.lines().filter((l) => l.msg === 'event stream subscriber dropped: it stopped reading' && l.listener === listener);
    expect(dropped).toHaveLength(1);
    expect(dropped[0]!.bound).toBe(MAX_UNSENT_BYTES);
  }
  for (const party of ['aws', 'entra', 'vault'] as const) expect((await control(fedlab, party)('GET', '/clock')).status).toBe(200);
});

test(`BND-02 at most ${MAX_STREAMS_PER_LISTENER} event streams per listener: one more is refused with 429 in the listener's format; closing one frees a place`, async () => {
  for (const [listener, url] of Object.entries(streams)) {
    const open: Awaited<ReturnType<typeof stalledReader>>[] = [];
    for (let i = 0; i < MAX_STREAMS_PER_LISTENER; i++) open.push(await stalledReader(url));
    const refused = await fedlab.fetch(url);
    expect([listener, refused.status]).toEqual([listener, 429]);
    expect(refused.headers.get('content-type')).toMatch(/^application\/json/);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(await refused.json()).toEqual({ error: { code: listener === 'console' ? 'too_many_streams' : 'TooManyStreams', message: expect.stringContaining(`at most ${MAX_STREAMS_PER_LISTENER} event streams`) } });
    const first = open.shift()!;
    first.socket.destroy();
    await first.closed;
    await new Promise((r) => setTimeout(r, 50));
    const again = await stalledReader(url);
    expect(again.received()).toBeGreaterThan(0);
    for (const s of [...open, again]) s.socket.destroy();
    await Promise.all([...open, again].map((s) => s.closed));
  }
});

test('BND-03 the event buffer is bounded by bytes (oldest dropped, logged) and attacker-sized fields are cut', () => {
  const warnings: unknown[] = [];
  const bus = createEventBus({ capacity: 500, maxBytes: 2 * 1024 * 1024, onEvict: evictionNotice({ warn: (o: unknown) => void warnings.push(o) }, 'the event buffer', '2 MiB') });
  const event = bus.publish({ party: 'test', type: 'huge', subject: 's'.repeat(1_000_000), aud: Array.from({ length: 10_000 }, (_, i) => `aud-${i}`) });
  expect((event.subject as string).length).toBeLessThan(MAX_FIELD_CHARS + 40);
  expect(event.subject).toMatch(/…\[997952 more characters\]$/);
  expect(event.aud).toHaveLength(MAX_ARRAY_ITEMS + 1);
  for (let i = 0; i < 50; i++) bus.publish(bigEvent(i));
  const kept = bus.recent();
  const bytes = kept.reduce((n, e) => n + eventBytes(e), 0);
  expect(bytes).toBeLessThanOrEqual(2 * 1024 * 1024);
  expect(kept.at(-1)!.i).toBe(49);
  expect(warnings).toEqual([{ store: 'the event buffer', bound: '2 MiB', evicted: expect.any(Number) }]);
  // Small events are kept as published: no copy.
  const small = { party: 'test', type: 'small', name: 'ok' };
  expect(bus.publish(small)).toBe(small);
});

test('BND-04 the check-trace log is bounded by count and bytes', () => {
  const evicted: number[] = [];
  const traces = createTraceLog({ capacity: 200, maxBytes: 1024 * 1024, onEvict: (n = 1) => void evicted.push(n) });
  const record = { name: 'signature', status: 'failed', detail: 'd'.repeat(MAX_FIELD_CHARS) } as never;
  for (let i = 0; i < 600; i++) {
    const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    traces.add({ correlationId: id, traceId: id, time: '', grant: 'client_credentials', outcome: 'rejected', trace: Array.from({ length: 100 }, () => record) });
  }
  expect(traces.get('00000000-0000-4000-8000-000000000599')).toBeDefined();
  expect(traces.get('00000000-0000-4000-8000-000000000000')).toBeUndefined();
  const kept = Array.from({ length: 600 }, (_, i) => traces.get(`00000000-0000-4000-8000-${String(i).padStart(12, '0')}`)).filter(Boolean);
  expect(Buffer.byteLength(JSON.stringify(kept))).toBeLessThanOrEqual(1024 * 1024 + 1000);
  expect(evicted.length).toBeGreaterThan(0);
});

test('BND-05 the replay cache holds at most maxEntries under a flood of unique jtis, says so in the log once a minute, and still refuses a recent replay', () => {
  const warnings: Record<string, unknown>[] = [];
  let now = 0;
  const notice = evictionNotice({ warn: (o: unknown) => void warnings.push(o as Record<string, unknown>) }, 'the replay cache', 'entra.replayCache.maxEntries = 1000', () => now);
  const cache = createReplayCache({ maxEntries: 1000, skewSeconds: 300, onEvict: notice });
  for (let i = 0; i < 100_000; i++) cache.firstUse('https://issuer.example', `jti-${i}`, 4_000_000_000, 1_000);
  expect(cache.size).toBe(1000);
  expect(cache.firstUse('https://issuer.example', 'jti-99999', 4_000_000_000, 1_000)).toBe(false);
  expect(warnings).toEqual([{ store: 'the replay cache', bound: 'entra.replayCache.maxEntries = 1000', evicted: 1 }]);
  now = 61_000;
  cache.firstUse('https://issuer.example', 'one-more', 4_000_000_000, 1_000);
  expect(warnings[1]).toEqual({ store: 'the replay cache', bound: 'entra.replayCache.maxEntries = 1000', evicted: 99_000 });
});

test('BND-06 CloudTrail history: a flood of large events keeps the per-account count and 16 MiB bounds, the newest kept', () => {
  let evicted = 0;
  const trail = createTrailStore(10_000, 16 * 1024 * 1024, (n = 1) => void (evicted += n));
  const event = (i: number) => ({ eventID: `e${i}`, recipientAccountId: '111122223333', requestParameters: { policyDocument: 'p'.repeat(10_240) } }) as never;
  for (let i = 0; i < 5000; i++) trail.record(event(i));
  const kept = trail.events('111122223333');
  expect(kept[0]!.eventID).toBe('e4999');
  expect(kept.reduce((n, e) => n + Buffer.byteLength(JSON.stringify(e)), 0)).toBeLessThanOrEqual(16 * 1024 * 1024);
  expect(kept.length + evicted).toBe(5000);
});

test('BND-07 STS sessions: a flood of sessions keeps maxSessionsPerAccount, logs the eviction, and the newest sessions keep working', () => {
  const account = { id: '111122223333' } as Account;
  const session = (i: number): RoleSession => ({
    account,
    principal: { arn: 'arn:aws:iam::111122223333:role/app', ...newSessionCredentials(), sessionExpiresAt: '2030-01-01T01:00:00Z', tags: {}, context: {}, policy: null, sessionName: `flood-${i}` },
    transitiveTagKeys: [],
    sessionPolicies: [],
  });
  const warnings: unknown[] = [];
  const store = createSessionStore(1000, () => new Date('2030-01-01T00:00:00Z'), evictionNotice({ warn: (o: unknown) => void warnings.push(o) }, 'the STS session store', 'maxSessionsPerAccount = 1000', () => 0));
  const started = Date.now();
  const all = Array.from({ length: 20_000 }, (_, i) => session(i));
  for (const s of all) store.put(s);
  expect(store.count(account.id)).toBe(1000);
  // Each put is O(1) while nothing has expired: 20,000 sessions in well under a second's work each.
  expect(Date.now() - started).toBeLessThan(5000);
  expect(store.byAccessKey(all.at(-1)!.principal.accessKeyId)).toBe(all.at(-1));
  expect(store.byAccessKey(all[0]!.principal.accessKeyId)).toBeUndefined();
  expect(warnings).toEqual([{ store: 'the STS session store', bound: 'maxSessionsPerAccount = 1000', evicted: 1 }]);
});

describe('BND-08 Key Vault contents are bounded (vault.maxSecrets, maxVersionsPerSecret, maxStoredBytes), through the real SecretClient', () => {
  let lab: VaultLab;
  let client: SecretClient;
  beforeAll(async () => {
    lab = await startVaultLab({ config: { maxSecrets: 5, maxVersionsPerSecret: 3, maxStoredBytes: 120_000 } });
    client = secretClient(lab, staticCredential(await lab.authority.mint()));
  });
  afterAll(() => lab?.close());

  test('a secret beyond maxSecrets (soft-deleted ones count) is refused with 403 Forbidden/QuotaExceeded in Key Vault JSON; nothing is created', async () => {
    for (let i = 1; i < 4; i++) await client.setSecret(`s${i}`, 'v');
    await (await client.beginDeleteSecret('s3')).pollUntilDone();
    await client.setSecret('s4', 'v');
    const refused = await client.setSecret('s5', 'v').catch((e: RestError) => e);
    expect(refused).toMatchObject({ statusCode: 403, code: 'Forbidden', message: expect.stringContaining('vault.maxSecrets') });
    const token = await lab.authority.mint();
    const raw = await rawRequest(lab, 'PUT', '/secrets/s5?api-version=7.4', { token, body: '{"value":"v"}', headers: { 'content-type': 'application/json' } });
    expect([raw.status, raw.headers['content-type']]).toEqual([403, expect.stringMatching(/^application\/json/)]);
    expect(raw.body).toEqual({ error: { code: 'Forbidden', message: expect.stringContaining('at most 5 secrets'), innererror: { code: 'QuotaExceeded' } } });
    await expect(client.getSecret('s5')).rejects.toMatchObject({ statusCode: 404 });
    // A new version of an existing secret is still accepted, and purging frees a place.
    expect((await client.setSecret('s1', 'v2')).value).toBe('v2');
    await client.purgeDeletedSecret('s3');
    expect((await client.setSecret('s5', 'v')).name).toBe('s5');
    for (const name of ['s4', 's5']) {
      await (await client.beginDeleteSecret(name)).pollUntilDone();
      await client.purgeDeletedSecret(name);
    }
  });

  test('beyond maxVersionsPerSecret the oldest versions are forgotten, the current one answers', async () => {
    const versions: string[] = [];
    for (let i = 0; i < 6; i++) versions.push((await client.setSecret('rotated', `value-${i}`)).properties.version!);
    const kept: string[] = [];
    for await (const p of client.listPropertiesOfSecretVersions('rotated')) kept.push(p.version!);
    expect(kept.sort()).toEqual(versions.slice(3).sort());
    expect((await client.getSecret('rotated')).value).toBe('value-5');
    await expect(client.getSecret('rotated', { version: versions[0] })).rejects.toMatchObject({ statusCode: 404 });
  });

  test('values past maxStoredBytes are refused; the vault keeps answering reads', async () => {
    await client.setSecret('big1', 'x'.repeat(25_000));
    const results: (number | undefined)[] = [];
    for (let i = 0; i < 3; i++) results.push(await client.setSecret('big1', 'y'.repeat(25_000)).then(() => 200, (e: RestError) => e.statusCode));
    expect(results).toEqual([200, 200, 200]);
    const over = await client.setSecret('rotated', 'z'.repeat(25_000)).then(() => 200, (e: RestError) => e);
    // big1 keeps 3 × 25 KB (rotating it frees its oldest version), rotated one more: ~100 kB of 120 kB; a fifth 25 KB value does not fit.
    expect(over).toBe(200);
    const refused = await client.setSecret('s2', 'w'.repeat(25_000)).catch((e: RestError) => e);
    expect(refused).toMatchObject({ statusCode: 403, message: expect.stringContaining('vault.maxStoredBytes') });
    expect((await client.getSecret('s2')).value).toBe('v');
  });
});
