import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { afterEach, expect, test } from '@jest/globals';
import { clientRateLimit, MAX_TRACKED } from '../../src/entra/http/client-rate-limit.js';
import type { EntraRuntime } from '../../src/entra/runtime.js';
import { memoryLogger } from '../runtime/support.js';
import { expectEntra } from './helpers/expect-answer.js';
import { startSecurityLab, type SecurityLab } from './helpers/security-lab.js';

/**
 * Whom `entra.rateLimit` counts (docs/security.md "Other hardening"; E-18 tests the limit itself): the
 * form's `client_id`, a long one by its SHA-256 (never cut short, so ids with a common prefix do not
 * share a window); without a client_id the remote address, and never `X-Forwarded-For`.
 */
const labs: SecurityLab[] = [];
afterEach(async () => {
  for (const lab of labs.splice(0)) await lab.close();
});

async function limited(): Promise<SecurityLab> {
  const lab = await startSecurityLab({ entra: (config) => (config.rateLimit = { requests: 2, windowSeconds: 60 }) });
  labs.push(lab);
  return lab;
}

const body = (params: Record<string, string>) => new URLSearchParams({ grant_type: 'client_credentials', scope: 'https://vault.azure.net/.default', ...params }).toString();

test('RL-01 without a client_id the remote address is the client: a new X-Forwarded-For on every request does not open a new window', async () => {
  const lab = await limited();
  const answers = [];
  for (let i = 1; i <= 3; i++) answers.push(await lab.post(body({ client_secret: 'x' }), { headers: { 'x-forwarded-for': `203.0.113.${i}` } }));
  expect(answers.slice(0, 2).map((a) => a.status)).toEqual([400, 400]); // the missing client_id, counted
  expectEntra(answers[2]!, 429, 'temporarily_unavailable', 90055);
  expect(answers[2]!.headers['x-fedlab-failed-check']).toBe('rate-limit');
});

test('RL-02 a client_id longer than 64 characters has a window of its own (its SHA-256), not one shared by a common prefix', async () => {
  const lab = await limited();
  const prefix = 'c'.repeat(64);
  const send = (clientId: string) => lab.post(body({ client_id: clientId, client_secret: 'x' }));
  for (let i = 0; i < 2; i++) expect((await send(`${prefix}-first`)).status).not.toBe(429);
  expectEntra(await send(`${prefix}-first`), 429, 'temporarily_unavailable', 90055);
  // Same first 64 characters, another client: its own window.
  expect((await send(`${prefix}-second`)).status).not.toBe(429);
});

test('RL-03 one process tracks at most 10,000 windows: ended windows go first, then the oldest, logged; the clients still tracked keep their count', () => {
  let now = 1_000_000;
  const { logger, lines } = memoryLogger();
  const runtime = { config: { rateLimit: { requests: 1, windowSeconds: 60 } }, ctx: { logger, clock: { nowMs: () => now }, events: { publish: () => {} } } } as unknown as EntraRuntime;
  const gate = clientRateLimit(runtime);
  /** true: refused (429); false: let through. */
  const send = (clientId: string) => {
    const res = new ServerResponse(new IncomingMessage(new Socket()));
    const refused = gate({ req: { socket: { remoteAddress: '127.0.0.1' } } as never, res, endpointVersion: 2, tenantSegment: 't', path: '/t/oauth2/v2.0/token', form: { client_id: clientId }, ids: { traceId: 't', correlationId: 'c' } as never });
    if (refused) expect(res.statusCode).toBe(429);
    return refused;
  };
  const evictions = () => lines().filter((l) => l.store === 'the rate-limit windows');
  expect(MAX_TRACKED).toBe(10_000);
  // Half the windows open at t0, the other half 30 s later: 10,000 tracked.
  for (let i = 0; i < 5_000; i++) expect(send(`early-${i}`)).toBe(false);
  now += 30_000;
  for (let i = 0; i < 5_000; i++) expect(send(`late-${i}`)).toBe(false);
  expect([send('early-0'), send('late-4999')]).toEqual([true, true]); // all still counted
  // At t0 + 61 s a new client: the 5,000 ended windows are swept; nothing still running is dropped, nothing logged.
  now += 31_000;
  expect(send('new-0')).toBe(false);
  expect(evictions()).toEqual([]);
  expect(send('late-0')).toBe(true);
  // Fill up again with running windows: past 10,000 the oldest running one goes, and the log says so.
  for (let i = 1; i <= 5_000; i++) expect(send(`new-${i}`)).toBe(false);
  expect(evictions()).toEqual([expect.objectContaining({ level: 40, bound: '10000 clients', evicted: 1, msg: 'the rate-limit windows is full (10000 clients): the oldest entries were dropped' })]);
  // The oldest tracked window was late-0's (its own second hit did not move it): it starts afresh,
  // which drops the next oldest (late-1); late-2 is still counted; the notice waits a minute to repeat.
  expect(send('late-0')).toBe(false);
  expect(send('late-2')).toBe(true);
  expect(evictions()).toHaveLength(1);
});
