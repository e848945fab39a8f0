import { GetWebIdentityTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, expect, jest, test } from '@jest/globals';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { startCli } from '../helpers/run-cli.js';
import { defaultConfigObject, tempDir, withFreePorts, writeConfig } from '../helpers/temp-config.js';

/**
 * Issue #18, docs/security.md "Several processes": the rate limit and the replay cache through the
 * CLI's real `fedlab start --workers 2` (run `npm run build` first), and requests in flight when
 * the primary process dies.
 */
jest.setTimeout(90_000);

const TENANT = '8c1f6a52-3c0e-4f2e-9d51-6f0b1d2a7e10';
const CLIENT_ID = '4b7e2c1a-9f3d-4e8b-a6c5-2d1f0e9b8a71';
/** A client_id no application has: its requests fail (AADSTS700016), and failed requests count. */
const MADE_UP_CLIENT = '00000000-0000-0000-0000-00000000c0de';
const OTHER_MADE_UP_CLIENT = '00000000-0000-0000-0000-00000000beef';
const CONFIGURED = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const LIMIT = 3;

let cli: { child: ChildProcessWithoutNullStreams; stdout: () => string; exited: Promise<number | null> };
let urls: { aws: { endpoint: string }; entra: { authorityHost: string }; ca: string };
let ca: Buffer;

beforeAll(async () => {
  const dir = tempDir();
  const object = withFreePorts(defaultConfigObject());
  object.entra.replayCache = { enabled: true };
  object.entra.rateLimit = { requests: LIMIT, windowSeconds: 300 };
  const stateDir = join(dir, 'state');
  cli = await startCli(['start', '--workers', '2', '--config', writeConfig(dir, object), '--state-dir', stateDir, '--log-level', 'silent'], 60_000);
  urls = JSON.parse(readFileSync(join(stateDir, 'urls.json'), 'utf8'));
  ca = readFileSync(urls.ca);
});

afterAll(async () => {
  if (cli && cli.child.exitCode === null && cli.child.signalCode === null) cli.child.kill('SIGTERM');
  await cli?.exited;
});

const sts = () => new STSClient({ endpoint: urls.aws.endpoint, region: 'us-east-1', credentials: CONFIGURED, maxAttempts: 1, requestHandler: { httpAgent: new Agent({ keepAlive: false }) } });
const mint = async () => (await sts().send(new GetWebIdentityTokenCommand({ Audience: ['api://AzureADTokenExchange'], SigningAlgorithm: 'RS256' }))).WebIdentityToken!;

const form = (clientId: string, assertion: string) =>
  new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, scope: 'https://vault.azure.net/.default', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion }).toString();

interface Answer { status: number; body: any; headers: Record<string, unknown> }

/**
 * A token request on a fresh connection (node:cluster hands fresh connections to the workers in
 * turn). `whenHalfSent` runs once the headers and half the body are out; the rest follows it.
 */
function tokenRequest(body: string, whenHalfSent?: () => Promise<void>): Promise<Answer | { closed: string }> {
  return new Promise((resolve) => {
    const req = httpsRequest(`${urls.entra.authorityHost}/${TENANT}/oauth2/v2.0/token`, { method: 'POST', agent: false, ca, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : undefined, headers: res.headers }));
      res.on('error', (error) => resolve({ closed: error.message }));
    });
    req.on('error', (error) => resolve({ closed: error.message }));
    if (!whenHalfSent) return void req.end(body);
    const half = Math.floor(body.length / 2);
    req.write(body.slice(0, half), () => void whenHalfSent().then(() => req.end(body.slice(half))));
  });
}

test('WRK-06 a limit of 3 lets exactly 3 requests of a client through across both workers (not 3 per worker); another client is not throttled', async () => {
  expect(cli.stdout()).toMatch(/2 replicas \(node:cluster, pids \d+, \d+\), shared store the primary process/);
  const assertion = await mint();
  const answers: Answer[] = [];
  // Six fresh connections alternate between the two workers: per-worker windows would let all six through.
  for (let i = 0; i < 2 * LIMIT; i++) answers.push((await tokenRequest(form(MADE_UP_CLIENT, assertion))) as Answer);
  expect(answers.map((a) => a.status)).toEqual([400, 400, 400, 429, 429, 429]);
  for (const a of answers.slice(0, LIMIT)) expect(a.body.error_codes).toEqual([700016]);
  for (const a of answers.slice(LIMIT)) {
    expect(a.body).toMatchObject({ error: 'temporarily_unavailable', error_codes: [90055] });
    expect(Number(a.headers['retry-after'])).toBeGreaterThan(0);
    expect(a.headers['x-fedlab-failed-check']).toBe('rate-limit');
  }
  const other = (await tokenRequest(form(OTHER_MADE_UP_CLIENT, assertion))) as Answer;
  expect([other.status, other.body.error_codes]).toEqual([400, [700016]]);
});

test('WRK-07 the primary killed while two token requests are in flight (fresh connections, one per worker in turn): each gets 503 AADSTS90033 or a closed connection, never a token; the workers leave', async () => {
  // A valid exchange first: the same request, checked, gives a token.
  const control = (await tokenRequest(form(CLIENT_ID, await mint()))) as Answer;
  expect([control.status, typeof control.body.access_token]).toEqual([200, 'string']);
  const pids = cli.stdout().match(/pids (\d+), (\d+)\)/)!.slice(1).map(Number);
  const assertions = [await mint(), await mint()];
  let killed: Promise<void> | undefined;
  const killPrimaryOnce = () =>
    (killed ??= (async () => {
      cli.child.kill('SIGKILL');
      await cli.exited;
    })());
  let halfSent = 0;
  // Both requests are on their connections, headers and half the body sent, when the primary dies.
  const bothHalfSent = () =>
    new Promise<void>((resolve) => {
      halfSent++;
      const wait = () => (halfSent === 2 ? killPrimaryOnce().then(resolve) : setTimeout(wait, 5));
      wait();
    });
  const results = await Promise.all(assertions.map((a) => tokenRequest(form(CLIENT_ID, a), bothHalfSent)));
  for (const result of results) {
    if ('closed' in result) continue;
    expect(result.status).toBe(503);
    expect(result.body).toMatchObject({ error: 'temporarily_unavailable', error_codes: [90033] });
    expect(result.headers['retry-after']).toBe('1');
    expect(result.body.access_token).toBeUndefined();
  }
  // The workers do not serve without their primary.
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const started = Date.now();
  while (pids.some(alive) && Date.now() - started < 10_000) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(pids.filter(alive)).toEqual([]);
  console.info(`WRK-07 outcomes: ${JSON.stringify(results.map((r) => ('closed' in r ? `closed (${r.closed})` : r.status)))}`);
});
