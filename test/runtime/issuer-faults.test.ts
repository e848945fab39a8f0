import type { Fedlab } from '../../src/start-fedlab.js';
import { ACCOUNT, control, eventsOf, exchange, memoryLogger, startRuntimeLab } from './support.js';

let fedlab: Fedlab;
let aws: ReturnType<typeof control>;
let entra: ReturnType<typeof control>;
const log = memoryLogger();
beforeAll(async () => {
  fedlab = await startRuntimeLab(undefined, log.logger);
  aws = control(fedlab, 'aws');
  entra = control(fedlab, 'entra');
});
afterAll(async () => {
  await fedlab?.close();
});
beforeEach(async () => {
  // Entra keeps using the last good key set while an issuer fails: start every case from a cold cache.
  expect((await entra('DELETE', '/issuer-keys')).status).toBe(204);
});
afterEach(async () => {
  await aws('DELETE', '/faults');
});

// Entra refetches once on an unknown kid, so a key set without the key must be served twice.
const cases = [
  { name: 'discovery 500', spec: { target: 'discovery', kind: 'status', status: 500 }, count: 1, code: 50166 },
  { name: 'discovery 404', spec: { target: 'discovery', kind: 'status', status: 404 }, count: 1, code: 50166 },
  { name: 'jwks 503', spec: { target: 'jwks', kind: 'status', status: 503 }, count: 1, code: 50166 },
  { name: 'discovery timeout', spec: { target: 'discovery', kind: 'timeout' }, count: 1, code: 50166 },
  { name: 'jwks timeout', spec: { target: 'jwks', kind: 'timeout' }, count: 1, code: 50166 },
  { name: 'discovery malformed JSON', spec: { target: 'discovery', kind: 'malformed' }, count: 1, code: 50166 },
  { name: 'jwks malformed JSON', spec: { target: 'jwks', kind: 'malformed' }, count: 1, code: 50166 },
  { name: 'jwks without the signing key', spec: { target: 'jwks', kind: 'missing-key' }, count: 2, code: 7000272 },
] as const;

test.each(cases)('$name → AADSTS$code through ClientAssertionCredential, then healthy again', async ({ spec, count, code }) => {
  const injected = await aws('POST', '/faults', { ...spec, accountId: ACCOUNT, count });
  expect(injected.status).toBe(201);
  expect(injected.body).toMatchObject({ ...spec, accountId: ACCOUNT, id: expect.any(String), party: 'aws', remaining: count });

  const failed = await exchange(fedlab);
  expect(failed.ok).toBe(false);
  expect((failed as { message: string }).message).toContain(`AADSTS${code}:`);
  expect((await aws('GET', '/faults')).body).toEqual({ value: [] });
  expect(await exchange(fedlab)).toEqual({ ok: true });
});

test('a slow issuer within Entra’s timeout still exchanges, only later', async () => {
  await aws('POST', '/faults', { target: 'discovery', kind: 'slow', delayMs: 400, accountId: ACCOUNT, count: 1 });
  const started = Date.now();
  expect(await exchange(fedlab)).toEqual({ ok: true });
  expect(Date.now() - started).toBeGreaterThanOrEqual(400);
});

test('a slow issuer beyond Entra’s timeout (800 ms here) is AADSTS50166', async () => {
  await aws('POST', '/faults', { target: 'jwks', kind: 'slow', delayMs: 3000, accountId: ACCOUNT, count: 1 });
  const failed = await exchange(fedlab);
  expect(failed).toEqual({ ok: false, message: expect.stringContaining('AADSTS50166:') });
});

test('a fault without count holds until DELETE /_fedlab/faults/{id}; listed meanwhile; logged and published', async () => {
  const { body: fault } = await aws('POST', '/faults', { target: 'discovery', kind: 'status', accountId: ACCOUNT });
  expect(fault).toMatchObject({ status: 500, remaining: null, createdAt: expect.any(String) });
  for (let i = 0; i < 2; i++) {
    expect(await exchange(fedlab)).toEqual({ ok: false, message: expect.stringContaining('AADSTS50166:') });
    await entra('DELETE', '/issuer-keys');
  }
  expect((await aws('GET', '/faults')).body.value).toEqual([fault]);
  expect((await aws('DELETE', `/faults/${fault.id}`)).status).toBe(204);
  expect((await aws('DELETE', `/faults/${fault.id}`)).body).toEqual({ error: { code: 'FaultNotFound', message: expect.any(String) } });
  expect(await exchange(fedlab)).toEqual({ ok: true });

  expect(eventsOf(fedlab, 'fault-injected').map((e) => e.faultId)).toContain(fault.id);
  expect(eventsOf(fedlab, 'fault-triggered').filter((e) => e.faultId === fault.id)).toHaveLength(2);
  expect(eventsOf(fedlab, 'fault-cleared').find((e) => e.faultId === fault.id)).toMatchObject({ party: 'aws', reason: 'cleared' });
  const lines = log.lines().filter((l) => JSON.stringify(l).includes(fault.id));
  expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining([expect.stringMatching(/^fault injected: /), expect.stringMatching(/^fault triggered: /), `fault ${fault.id} cleared`]));
});

test('a count-limited fault hits exactly N requests, then disappears (exhausted)', async () => {
  const { body: fault } = await aws('POST', '/faults', { target: 'jwks', kind: 'status', status: 500, accountId: ACCOUNT, count: 2 });
  expect((await exchange(fedlab)).ok).toBe(false);
  expect((await aws('GET', '/faults')).body.value).toEqual([{ ...fault, remaining: 1 }]);
  expect((await exchange(fedlab)).ok).toBe(false);
  expect((await aws('GET', '/faults')).body.value).toEqual([]);
  expect(eventsOf(fedlab, 'fault-cleared').find((e) => e.faultId === fault.id)).toMatchObject({ reason: 'exhausted' });
  expect(await exchange(fedlab)).toEqual({ ok: true });
});

test('faults are per account: another account’s issuer is untouched', async () => {
  await aws('POST', '/faults', { target: 'discovery', kind: 'status', accountId: '444455556666' });
  expect(await exchange(fedlab)).toEqual({ ok: true });
});

test('the programmatic API injects, lists and clears the same faults', async () => {
  const fault = fedlab.faults.inject('aws', { target: 'jwks', kind: 'missing-key', accountId: ACCOUNT });
  expect(fedlab.faults.list('aws')).toEqual([fault]);
  expect((await aws('GET', '/faults')).body.value).toEqual([fault]);
  expect((await exchange(fedlab)).ok).toBe(false);
  fedlab.faults.clear('aws', fault.id);
  expect(fedlab.faults.list()).toEqual([]);
  expect(() => fedlab.faults.inject('aws', { target: 'discovery', kind: 'missing-key', accountId: ACCOUNT })).toThrow('kind: "missing-key" only applies to target "jwks"');
});

test.each([
  [{ target: 'jwks', kind: 'slow', accountId: ACCOUNT }, 400, 'delayMs: required for kind "slow"'],
  [{ target: 'jwks', kind: 'status', status: 200, accountId: ACCOUNT }, 400, 'status: '],
  [{ target: 'keys', kind: 'status', accountId: ACCOUNT }, 400, 'target: '],
  [{ target: 'jwks', kind: 'timeout', accountId: ACCOUNT, count: 0 }, 400, 'count: '],
  [{ target: 'jwks', kind: 'timeout', accountId: '999999999999' }, 404, 'no AWS account 999999999999'],
  ['{"target":', 400, 'the request body could not be read'],
])('a bad fault spec %j is refused with %i, naming the problem', async (spec, status, message) => {
  const res = await aws('POST', '/faults', spec);
  expect(res.status).toBe(status);
  expect(res.body.error.message).toContain(message);
  expect((await aws('GET', '/faults')).body.value).toEqual([]);
});
