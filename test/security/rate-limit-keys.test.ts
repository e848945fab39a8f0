import { afterEach, expect, test } from '@jest/globals';
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
