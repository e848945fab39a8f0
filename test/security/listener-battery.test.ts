import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { hostRefusal } from '../../src/core/http/host-allow-list.js';
import type { Fedlab } from '../../src/start-fedlab.js';
import { createFaultRegistry } from '../../src/core/control/fault-registry.js';
import { listen } from '../../src/core/http/listen.js';
import { createTraceLog } from '../../src/entra/exchange/trace-log.js';
import { createEntraListener } from '../../src/entra/http/app.js';
import type { EntraRuntime } from '../../src/entra/runtime.js';
import { testPartyContext } from '../entra/helpers/party-context.js';
import { ACCOUNT, control, runtimeConfig, startRuntimeLab } from '../runtime/support.js';

/** Listener-level rules of issue #18, through every listener fedlab starts (docs/security.md "Listeners"). */
let fedlab: Fedlab;
let listeners: Record<string, string>;
beforeAll(async () => {
  fedlab = await startRuntimeLab(runtimeConfig());
  listeners = { aws: fedlab.urls.aws.endpoint, entra: fedlab.urls.entra!.authorityHost, vault: fedlab.urls.vault!.url, console: fedlab.urls.console!.url, github: fedlab.urls.github!.url };
});
afterAll(() => fedlab?.close());

interface Answer { status: number; body: string; headers: Record<string, string | string[] | undefined> }

/** A raw request with headers as a browser (or a rebinding page) would send them. */
function send(base: string, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  const url = new URL(path, base);
  const make = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = make(url, { method: options.method ?? 'GET', headers: options.headers, ca: fedlab.ca, servername: 'localhost' }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c)).on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const kidsOf = async () => ((await control(fedlab, 'aws')('GET', '/accounts')).body as { accounts: { id: string; kids?: string[] }[] });

test('LST-01 every listener refuses a foreign Host (DNS rebinding) on every route, in its own error format (awsQuery XML for STS)', async () => {
  for (const [party, base] of Object.entries(listeners)) {
    for (const path of ['/', '/_fedlab/faults', '/_fedlab/events']) {
      const answer = await send(base, path, { headers: { host: `rebind.example.com:${new URL(base).port}` } });
      expect([party, path, answer.status]).toEqual([party, path, 403]);
      if (party === 'aws' && !path.startsWith('/_fedlab')) {
        expect(answer.headers['content-type']).toBe('text/xml');
        expect(answer.body).toMatch(/<ErrorResponse[^>]*>[\s\S]*<Code>HostNotAllowed<\/Code>[\s\S]*<Message>[^<]*answer/);
      } else {
        expect(JSON.parse(answer.body)).toMatchObject({ error: { code: party === 'console' ? 'host_not_allowed' : 'HostNotAllowed', message: expect.stringContaining('answer') } });
      }
      expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    }
  }
});

test('LST-02 a rebinding page cannot add a principal on the AWS listener: refused, and no principal is added', async () => {
  const before = JSON.stringify(await kidsOf());
  const answer = await send(listeners.aws!, `/_fedlab/accounts/${ACCOUNT}/principals`, {
    method: 'POST',
    headers: { host: `attacker.example:${new URL(listeners.aws!).port}`, 'content-type': 'application/json' },
    body: JSON.stringify({ arn: `arn:aws:iam::${ACCOUNT}:role/fedlab-workload`, accessKeyId: 'AKIAI44QH8DHBEXAMPLE', secretAccessKey: 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY' }),
  });
  expect(answer.status).toBe(403);
  expect(fedlab.awsCredentials).toBeDefined();
  expect(JSON.stringify(await kidsOf())).toBe(before);
});

test('LST-03 loopback names, IP literals, configured and cloud names pass; loopback names need the listener port', () => {
  expect(hostRefusal('127.0.0.1:4580', 4580)).toBeUndefined();
  expect(hostRefusal('[::1]:4580', 4580)).toBeUndefined();
  expect(hostRefusal('localhost:4580', 4580)).toBeUndefined();
  expect(hostRefusal('LOCALHOST:4580', 4580)).toBeUndefined();
  expect(hostRefusal('localhost:4581', 4580)).toMatch(/another port/);
  expect(hostRefusal('localhost', 4580)).toMatch(/another port/);
  expect(hostRefusal('sts.us-east-1.amazonaws.com', 4580)).toBeUndefined();
  expect(hostRefusal('sts.us-east-1.api.aws', 4580)).toBeUndefined();
  expect(hostRefusal('login.microsoftonline.com:443', 4581)).toBeUndefined();
  expect(hostRefusal('fedlab-demo.vault.azure.net', 4582)).toBeUndefined();
  expect(hostRefusal('evilamazonaws.com', 4580)).toMatch(/does not answer/);
  expect(hostRefusal('fedlab.test', 4581, { hostnames: ['fedlab.test'] })).toBeUndefined();
  expect(hostRefusal('fedlab.test:4581', 4581, { hostnames: ['fedlab.test'] })).toBeUndefined();
  expect(hostRefusal('fedlab.test:9999', 4581, { hostnames: ['fedlab.test'] })).toMatch(/does not answer/);
  expect(hostRefusal(undefined, 4580)).toMatch(/no Host/);
  expect(hostRefusal('a b', 4580)).toMatch(/not a host name/);
});

const rotate = (headers: Record<string, string>, body?: string) => send(listeners.aws!, `/_fedlab/accounts/${ACCOUNT}/rotate-signing-keys`, { method: 'POST', headers, ...(body === undefined ? {} : { body }) });
const jwksKids = async () => {
  const { body } = await control(fedlab, 'aws')('GET', '/accounts');
  return JSON.stringify(body);
};

test('LST-04 cross-site simple POSTs to /_fedlab/* are refused on every listener, and rotate no key', async () => {
  const before = await jwksKids();
  for (const [headers, body, reason] of [
    [{ 'content-type': 'text/plain' }, '{}', /Content-Type: application\/json/],
    [{}, undefined, /Content-Type: application\/json/],
    [{ 'content-type': 'application/x-www-form-urlencoded' }, 'a=1', /Content-Type: application\/json/],
    [{ 'content-type': 'application/json', origin: 'https://attacker.example' }, '{}', /attacker\.example/],
    [{ 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' }, '{}', /cross-site/],
  ] as const) {
    const answer = await rotate(headers, body);
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body)).toEqual({ error: { code: 'CrossSiteRequest', message: expect.stringMatching(reason) } });
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
  }
  expect(await jwksKids()).toBe(before);
  for (const [party, base] of Object.entries(listeners)) {
    if (party === 'console') continue;
    const answer = await send(base, '/_fedlab/faults', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"kind":"latency"}' });
    expect([party, answer.status, JSON.parse(answer.body).error.code]).toEqual([party, 403, 'CrossSiteRequest']);
  }
  expect((await control(fedlab, 'aws')('GET', '/faults')).body).toEqual(expect.not.arrayContaining([expect.anything()]));
});

test('LST-05 the same POST as JSON from fedlab itself (same origin, or no Origin) is accepted', async () => {
  const origin = listeners.aws!;
  const answer = await rotate({ 'content-type': 'application/json', origin, 'sec-fetch-site': 'same-origin' }, '{}');
  expect(answer.status).toBe(200);
  expect(JSON.parse(answer.body).kids).toEqual(expect.arrayContaining([expect.stringMatching(/^RSA_\d+$/)]));
});

test('LST-06 rotations cannot flood the JWKS: newest first, 3 generations kept, 5 in a row then 429 with no key added', async () => {
  const own = await startRuntimeLab(runtimeConfig());
  try {
    const aws = control(own, 'aws');
    const jwks = async () => {
      const issuer = (await aws('GET', '/accounts')).body.value[0].issuer as string;
      const res = await own.fetch(`${issuer}/.well-known/jwks.json`);
      return ((await res.json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid);
    };
    for (let i = 1; i <= 5; i++) expect((await aws('POST', `/accounts/${ACCOUNT}/rotate-signing-keys`, {})).status).toBe(200);
    expect(await jwks()).toEqual(['RSA_5', 'EC384_5', 'RSA_4', 'EC384_4', 'RSA_3', 'EC384_3']);
    const refused = await aws('POST', `/accounts/${ACCOUNT}/rotate-signing-keys`, {});
    expect([refused.status, refused.body.error.code, refused.headers.get('retry-after')]).toEqual([429, 'TooManyRotations', '60']);
    expect(await jwks()).toEqual(['RSA_5', 'EC384_5', 'RSA_4', 'EC384_4', 'RSA_3', 'EC384_3']);
    expect((await aws('GET', '/accounts')).body.value[0].keys).toHaveLength(6);
    await aws('PUT', '/clock', { offsetSeconds: 61 });
    expect((await aws('POST', `/accounts/${ACCOUNT}/rotate-signing-keys`, {})).body.kids).toEqual(['RSA_6', 'EC384_6']);
    expect((await jwks())[0]).toBe('RSA_6');
  } finally {
    await own.close();
  }
});

test('LST-07 off loopback every /_fedlab/* route on the Entra listener wants the admin token, traces included', async () => {
  const token = 'fedlab-admin-token-for-tests-0007';
  const ctx = { ...(await testPartyContext()), adminToken: token };
  const traces = createTraceLog();
  traces.add({ correlationId: 'c0ffee00-0000-4000-8000-000000000007', traceId: 't', time: '2026-01-01T00:00:00Z', grant: 'client_credentials', outcome: 'rejected', failedCheck: 'issuer-discovery', trace: [] });
  // The runtime of a fake Entra bound to a documentation address (served here on 127.0.0.1).
  const runtime = { config: { host: '192.0.2.10' }, ctx, traces, faults: createFaultRegistry('entra', ctx) } as unknown as EntraRuntime;
  const server = await listen(createEntraListener(runtime), { host: '127.0.0.1', port: 0 });
  try {
    for (const path of ['/_fedlab/traces/c0ffee00-0000-4000-8000-000000000007', '/_fedlab/faults', '/_fedlab/clock', '/_fedlab/events', '/_fedlab/nothing-here']) {
      const refused = await fetch(`${server.url}${path}`);
      expect([path, refused.status, refused.headers.get('www-authenticate')]).toEqual([path, 401, 'Bearer realm="fedlab-admin"']);
      expect(await refused.json()).toEqual({ error: { code: 'Unauthorized', message: expect.stringContaining('192.0.2.10') } });
      const wrong = await fetch(`${server.url}${path}`, { headers: { authorization: 'Bearer not-the-token-at-all' } });
      expect([path, wrong.status]).toEqual([path, 403]);
    }
    const allowed = await fetch(`${server.url}/_fedlab/traces/c0ffee00-0000-4000-8000-000000000007`, { headers: { authorization: `Bearer ${token}` } });
    expect(allowed.status).toBe(200);
    expect(await allowed.json()).toMatchObject({ failedCheck: 'issuer-discovery' });
  } finally {
    await server.close();
  }
});
