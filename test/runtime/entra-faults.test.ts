import type { Fedlab } from '../../src/start-fedlab.js';
import { control, eventsOf, exchange, startRuntimeLab } from './support.js';

let fedlab: Fedlab;
let entra: ReturnType<typeof control>;
beforeAll(async () => {
  fedlab = await startRuntimeLab();
  entra = control(fedlab, 'entra');
});
afterAll(async () => {
  await fedlab?.close();
});
afterEach(async () => {
  await entra('DELETE', '/faults');
});

const tokenUrl = () => `${fedlab.entraAuthorityHost}/${fedlab.tenantId}/oauth2/v2.0/token`;
const postToken = () => fedlab.fetch(tokenUrl(), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' });

test('throttling answers 429 with Retry-After and an Entra error body', async () => {
  await entra('POST', '/faults', { target: 'token', kind: 'throttle', count: 1 });
  const res = await postToken();
  expect(res.status).toBe(429);
  expect(res.headers.get('retry-after')).toBe('60');
  expect(res.headers.get('cache-control')).toContain('no-store');
  const body = (await res.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ error: 'temporarily_unavailable', error_codes: [90055], trace_id: expect.any(String), correlation_id: expect.any(String) });
  expect(body.error_description).toMatch(/^AADSTS90055: There are too many incoming requests\. .* Trace ID: /);
  // The console's Live log lists it among the rejections: an event of its own, never an exchange-rejected.
  expect(eventsOf(fedlab, 'token-request-refused').at(-1)).toMatchObject({ party: 'entra', status: 429, code: 90055, retryAfterSeconds: 60, correlationId: body.correlation_id, failedCheck: expect.stringMatching(/^fault:/) });
});

test('@azure/identity retries a count-limited 429 (after Retry-After) and gets its token', async () => {
  const { body: fault } = await entra('POST', '/faults', { target: 'token', kind: 'throttle', count: 2, retryAfterSeconds: 1 });
  const started = Date.now();
  expect(await exchange(fedlab)).toEqual({ ok: true });
  expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
  expect(eventsOf(fedlab, 'fault-triggered').filter((e) => e.faultId === fault.id)).toHaveLength(2);
});

test('a 429 held until cleared: the retry that follows DELETE succeeds', async () => {
  const { body: fault } = await entra('POST', '/faults', { target: 'token', kind: 'throttle', retryAfterSeconds: 1 });
  const pending = exchange(fedlab);
  await new Promise<void>((resolve) => {
    const unsubscribe = fedlab.events.subscribe((e) => {
      if (e.type === 'fault-triggered' && e.faultId === fault.id) {
        unsubscribe();
        resolve();
      }
    });
  });
  expect((await entra('DELETE', `/faults/${fault.id}`)).status).toBe(204);
  expect(await pending).toEqual({ ok: true });
});

test('a 503 is retried too', async () => {
  await entra('POST', '/faults', { target: 'token', kind: 'unavailable', count: 1 });
  expect(await exchange(fedlab)).toEqual({ ok: true });
  expect(eventsOf(fedlab, 'fault-cleared').at(-1)).toMatchObject({ party: 'entra', reason: 'exhausted' });
});

test('a one-shot error with a chosen AADSTS code reaches the client, then the next request succeeds', async () => {
  await entra('POST', '/faults', { target: 'token', kind: 'error', code: 700016, count: 1 });
  const failed = await exchange(fedlab);
  expect(failed).toEqual({ ok: false, message: expect.stringContaining(`AADSTS700016: Application with identifier '${fedlab.clientId}' was not found in the directory '${fedlab.tenantId}'.`) });
  expect(await exchange(fedlab)).toEqual({ ok: true });
});

test('a fault for another tenant leaves this tenant alone', async () => {
  await entra('POST', '/faults', { target: 'token', kind: 'error', code: 50166, tenant: '00000000-0000-4000-8000-00000000beef' });
  expect(await exchange(fedlab)).toEqual({ ok: true });
});

test.each([
  [{ target: 'token', kind: 'error' }, 'code: required for kind "error"'],
  [{ target: 'token', kind: 'error', code: 12345 }, "code: fedlab's catalogue has no AADSTS12345"],
  [{ target: 'token', kind: 'throttle', code: 50166 }, 'code: only for kind "error"'],
  [{ target: 'discovery', kind: 'throttle' }, 'target: '],
])('a bad Entra fault spec %j is refused', async (spec, message) => {
  const res = await entra('POST', '/faults', spec);
  expect(res.status).toBe(400);
  expect(res.body.error).toEqual({ code: 'InvalidRequest', message: expect.stringContaining(message) });
});
