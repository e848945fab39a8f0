import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:https';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { CLIENT_ID, SECOND_ARN, startSecurityLab, TENANT_ID, VAULT, type SecurityLab } from '../security/helpers/security-lab.js';

/**
 * `npm run soak` (SOAK_SECONDS, default 60): token exchanges for a fixed time while the trusted issuer
 * fails and recovers every 10 s, its keys rotate every 20 s, and misbehaving clients send garbage,
 * unknown kids, expired and forged tokens. Reports requests served, answers by class, RSS at start and
 * end, event-loop lag p99, and outbound fetches per issuer per minute (the cooldown's bound).
 */
const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const WORKERS = 8;
const COOLDOWN_S = 5;
let lab: SecurityLab;

beforeAll(async () => {
  lab = await startSecurityLab({ entra: (config) => (config.externalIssuers = { cacheMaxAgeSeconds: 15, cooldownSeconds: COOLDOWN_S, timeoutMs: 1000 }) });
});
afterAll(() => lab?.close());

test(`soak: ${SECONDS} s of exchanges under issuer failures, key rotation and misbehaving clients`, async () => {
  const agent = new Agent({ ca: lab.ctx.tls.caCertPem, keepAlive: true, maxSockets: WORKERS });
  const url = `${lab.entra.urls.authorityHost}/${TENANT_ID}/oauth2/v2.0/token`;
  const post = (body: string) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } }, (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode!, text }));
      });
      req.on('error', reject);
      req.end(body);
    });
  const caForm = (assertion: string) => new URLSearchParams({ client_id: CLIENT_ID, scope: `${VAULT}/.default`, grant_type: 'client_credentials', client_assertion: assertion, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' }).toString();

  let signingKid = 'rsa1';
  const kit = () => lab.kit('ca');
  const clients: (() => Promise<string>)[] = [
    async () => caForm(await kit().sign({ kid: signingKid, header: kit().header('RS256', { kid: signingKid }) })),
    async () => caForm(await lab.fi2.signRaw(JSON.stringify(kit().header('RS256')), JSON.stringify(kit().claims({ iss: lab.fi2.issuer, sub: SECOND_ARN })), 'rsa1')),
    async () => caForm(await kit().sign({ alg: 'ES384' })),
    async () => caForm(await kit().sign({ header: kit().header('RS256', { kid: randomUUID() }) })),
    async () => caForm(await kit().sign({ claims: { exp: kit().nowSeconds() - 900, iat: kit().nowSeconds() - 1200 } })),
    async () => caForm(await kit().attackerSign()),
    async () => `${caForm('a.b.c')}&client_assertion=x`,
    async () => 'grant_type=client_credentials&%%%&scope=',
  ];

  const classes = new Map<string, number>();
  const count = (key: string) => classes.set(key, (classes.get(key) ?? 0) + 1);
  const before = { fi: lab.fi.total(), fi2: lab.fi2.total() };

  let failing = false;
  const outage = setInterval(() => {
    failing = !failing;
    lab.fi.behaviour = failing ? { jwks: { status: 503 }, discovery: { delayMs: 200 } } : {};
  }, 10_000);
  const rotation = setInterval(() => {
    void lab.fi.addKey('RS256', { kid: `rot-${randomUUID().slice(0, 8)}` }).then((key) => {
      signingKid = key.kid;
      lab.fi.published = ['rsa1', 'ec1', key.kid];
    });
  }, 20_000);

  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  // With --expose-gc (npm run soak sets it) the figures are after a full collection.
  global.gc?.();
  const rssStart = process.memoryUsage().rss;
  const heapStart = process.memoryUsage().heapUsed;
  const deadline = Date.now() + SECONDS * 1000;
  let served = 0;
  let i = 0;
  await Promise.all(
    Array.from({ length: WORKERS }, async () => {
      while (Date.now() < deadline) {
        const client = clients[i++ % clients.length]!;
        const answer = await post(await client());
        served++;
        const code = /"error_codes":\[(\d+)\]/.exec(answer.text)?.[1];
        count(answer.status === 200 ? '200 token' : `${answer.status} AADSTS${code ?? '-'}`);
      }
    }),
  );
  lag.disable();
  clearInterval(outage);
  clearInterval(rotation);
  agent.destroy();
  global.gc?.();
  const rssEnd = process.memoryUsage().rss;
  const heapEnd = process.memoryUsage().heapUsed;

  const minutes = SECONDS / 60;
  const fetches = { fi: lab.fi.total() - before.fi, fi2: lab.fi2.total() - before.fi2 };
  const report = {
    seconds: SECONDS,
    requestsServed: served,
    requestsPerSecond: Math.round(served / SECONDS),
    answersByClass: Object.fromEntries([...classes].sort((a, b) => b[1] - a[1])),
    rssMiB: { start: Math.round(rssStart / 2 ** 20), end: Math.round(rssEnd / 2 ** 20) },
    heapUsedAfterGcMiB: { start: Math.round(heapStart / 2 ** 20), end: Math.round(heapEnd / 2 ** 20) },
    eventLoopLagP99Ms: Number((lag.percentile(99) / 1e6).toFixed(1)),
    outboundFetchesPerIssuerPerMinute: { fi: Number((fetches.fi / minutes).toFixed(1)), fi2: Number((fetches.fi2 / minutes).toFixed(1)) },
    outboundBoundPerMinute: (60 / COOLDOWN_S) * 2,
  };
  process.stdout.write(`soak report ${JSON.stringify(report, null, 2)}\n`);

  expect(Object.keys(report.answersByClass).some((k) => k.startsWith('5'))).toBe(false);
  // One discovery + one JWKS request per cooldown at most, whatever the clients do.
  expect(report.outboundFetchesPerIssuerPerMinute.fi).toBeLessThanOrEqual(report.outboundBoundPerMinute + 2);
  expect(report.outboundFetchesPerIssuerPerMinute.fi2).toBeLessThanOrEqual(report.outboundBoundPerMinute + 2);
  expect(rssEnd - rssStart).toBeLessThan(200 * 2 ** 20);
});
