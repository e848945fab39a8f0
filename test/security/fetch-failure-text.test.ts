import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import type { Client } from '@microsoft/microsoft-graph-client';
import { createFaultRegistry } from '../../src/core/control/fault-registry.js';
import { listen, type Listener } from '../../src/core/http/listen.js';
import { createEntraListener } from '../../src/entra/http/app.js';
import type { EntraRuntime } from '../../src/entra/runtime.js';
import { startFedlab, type Fedlab } from '../../src/start-fedlab.js';
import { testPartyContext } from '../entra/helpers/party-context.js';
import { AUDIENCE, fixtureConfig, graphClient, tokenRequest, WORKLOAD_ARN } from '../graph/support.js';
import { startIssuerServer, type Behaviour, type IssuerServer, type Stage } from './helpers/issuer-server.js';

/**
 * Issue #18: why an issuer fetch failed (connection refused, a status, a content type, a size, a
 * timeout) is never told to the caller of the token endpoint, who may be anyone: the answer is
 * Entra's generic AADSTS50166 "Request to External OIDC endpoint failed." (Entra's text, as in the
 * AADSTS catalogue and its error page), the same for every reason. The reason is in the check trace
 * and the event, which off loopback only the admin token reads (OUT-10, docs/security.md).
 */
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const GENERIC = /^AADSTS50166: Request to External OIDC endpoint failed\. Trace ID: [0-9a-f-]{36} Correlation ID: [0-9a-f-]{36} Timestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/;
const ENTRA_MEMBERS = ['correlation_id', 'error', 'error_codes', 'error_description', 'error_uri', 'timestamp', 'trace_id'];
const ADMIN_TOKEN = 'fedlab-admin-token-for-tests-0010';

let fedlab: Fedlab;
let graph: Client;
let issuer: IssuerServer;
/** An issuer allowed by the configuration whose port nobody listens on any more. */
let refusedIssuer: string;

beforeAll(async () => {
  const gone = await startIssuerServer({ shape: 'aws' });
  refusedIssuer = gone.issuer;
  await gone.close();
  issuer = await startIssuerServer({ shape: 'aws' });
  const config = fixtureConfig();
  config.entra.externalIssuers = { cooldownSeconds: 0, cacheMaxAgeSeconds: 0, timeoutMs: 500, loopbackIssuers: [issuer.issuer, refusedIssuer] };
  fedlab = await startFedlab({ config, ports: 'auto' });
  graph = graphClient(fedlab);
});
afterAll(async () => {
  await fedlab?.close();
  await issuer?.close();
});

/** An application trusting `iss` (written through Graph), and an assertion from it. */
async function trusting(iss: string): Promise<{ appId: string; assertion: string }> {
  const app: { id: string; appId: string } = await graph.api('/applications').post({ displayName: `fetch-failure-${randomUUID().slice(0, 8)}` });
  await graph.api(`/applications/${app.id}/federatedIdentityCredentials`).post({ name: 'issuer', issuer: iss, subject: WORKLOAD_ARN, audiences: [AUDIENCE] });
  const now = Math.floor(Date.now() / 1000);
  const claims = { iss, sub: WORKLOAD_ARN, aud: AUDIENCE, iat: now, exp: now + 300, jti: randomUUID() };
  return { appId: app.appId, assertion: await issuer.signRaw(JSON.stringify({ kid: 'rsa1', typ: 'JWT', alg: 'RS256' }), JSON.stringify(claims), 'rsa1') };
}

const failures: [string, string, Stage, Behaviour | undefined, RegExp][] = [
  ['connection refused', 'refused', 'discovery', undefined, /ECONNREFUSED/],
  ['discovery HTTP 500', 'issuer', 'discovery', { status: 500 }, /discovery for issuer .* failed: HTTP 500/],
  ['discovery HTTP 404', 'issuer', 'discovery', { status: 404 }, /HTTP 404/],
  ['discovery served as HTML', 'issuer', 'discovery', { contentType: 'text/html', body: '<html>login</html>' }, /content type 'text\/html' is not JSON/],
  ['discovery not JSON', 'issuer', 'discovery', { body: '{"issuer":' }, /discovery for issuer .* failed: .*JSON/i],
  ['discovery over 256 KiB', 'issuer', 'discovery', { hugeBytes: 512 * 1024 }, /discovery for issuer .* failed: .*(bytes|large|limit)/i],
  ['discovery never answers', 'issuer', 'discovery', { hang: true }, /discovery for issuer .* failed: .*(timed out|timeout)/i],
  ['JWKS HTTP 503', 'issuer', 'jwks', { status: 503 }, /jwks for issuer .* failed: HTTP 503/],
  ['JWKS without keys', 'issuer', 'jwks', { json: { nokeys: true } }, /jwks for issuer .* failed: no keys array/],
];

test.each(failures)('OUT-10 %s: the token endpoint answers only Entra\'s generic AADSTS50166 text; the loopback trace names the reason', async (_name, which, stage, behaviour, reason) => {
  const iss = which === 'refused' ? refusedIssuer : issuer.issuer;
  fedlab.entra!.issuerKeys.forget(iss);
  if (behaviour) issuer.behaviour = { [stage]: behaviour };
  try {
    const { appId, assertion } = await trusting(iss);
    const answers = [
      await tokenRequest(fedlab, { grant_type: 'client_credentials', client_id: appId, client_assertion: assertion, client_assertion_type: JWT_BEARER, scope: 'https://vault.azure.net/.default' }),
      await tokenRequest(fedlab, { grant_type: TOKEN_EXCHANGE, client_id: appId, subject_token: assertion, subject_token_type: 'urn:ietf:params:oauth:token-type:jwt', scope: 'https://vault.azure.net/.default' }),
    ];
    const port = new URL(iss).port;
    for (const answer of answers) {
      expect(answer.status).toBe(400);
      expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
      expect(answer.headers.get('cache-control')).toContain('no-store');
      expect(Object.keys(answer.body).sort()).toEqual(ENTRA_MEMBERS);
      expect(answer.body).toMatchObject({ error: 'invalid_request', error_codes: [50166], error_uri: 'https://login.microsoftonline.com/error?code=50166' });
      expect(answer.body.error_description).toMatch(GENERIC);
      // Nothing of the reason anywhere in the answer: neither the body nor a header.
      const everything = JSON.stringify(answer.body) + JSON.stringify([...answer.headers.entries()]);
      for (const leak of [port, '127.0.0.1', 'ECONNREFUSED', 'HTTP 5', 'HTTP 4', 'text/html', 'timed out', 'keys array', 'JSON', 'bytes']) expect([leak, everything.includes(leak)]).toEqual([leak, false]);
      expect(answer.headers.get('x-fedlab-failed-check')).toBe('issuer-metadata'); // the check's name, not the reason
      const trace = await fedlab.fetch(`${fedlab.entraAuthorityHost}/_fedlab/traces/${answer.body.correlation_id}`);
      const entry = (await trace.json()) as { failedCheck: string; trace: { outcome: string; detail?: string }[] };
      expect(entry.failedCheck).toBe('issuer-metadata');
      expect(entry.trace.find((r) => r.outcome === 'failed')!.detail).toMatch(reason);
    }
  } finally {
    issuer.heal();
  }
});

test('OUT-10 off loopback the reasons are readable with the admin token only: traces and events answer 401 without it, 403 with a wrong one', async () => {
  fedlab.entra!.issuerKeys.forget(refusedIssuer);
  const { appId, assertion } = await trusting(refusedIssuer);
  const answer = await tokenRequest(fedlab, { grant_type: 'client_credentials', client_id: appId, client_assertion: assertion, client_assertion_type: JWT_BEARER, scope: 'https://vault.azure.net/.default' });
  expect(answer.body.error_description).toMatch(GENERIC);
  const correlationId = answer.body.correlation_id as string;

  // The same trace log and events behind an Entra listener bound to a documentation address (served
  // here on 127.0.0.1, so the test binds nothing beyond loopback): the gate reads the bind address.
  const ctx = { ...(await testPartyContext()), adminToken: ADMIN_TOKEN, events: fedlab.events };
  const runtime = { config: { host: '192.0.2.10' }, ctx, traces: fedlab.entra!.traces, faults: createFaultRegistry('entra', ctx) } as unknown as EntraRuntime;
  const offLoopback: Listener = await listen(createEntraListener(runtime), { host: '127.0.0.1', port: 0 });
  try {
    for (const path of [`/_fedlab/traces/${correlationId}`, '/_fedlab/events']) {
      const anonymous = await fetch(`${offLoopback.url}${path}`);
      expect([path, anonymous.status, anonymous.headers.get('www-authenticate')]).toEqual([path, 401, 'Bearer realm="fedlab-admin"']);
      const text = await anonymous.text();
      expect(JSON.parse(text)).toEqual({ error: { code: 'Unauthorized', message: expect.stringContaining('192.0.2.10') } });
      expect(text).not.toMatch(/ECONNREFUSED|issuer-metadata|50166/);
      const wrong = await fetch(`${offLoopback.url}${path}`, { headers: { authorization: 'Bearer not-the-admin-token-at-all' } });
      expect([path, wrong.status]).toEqual([path, 403]);
      expect(await wrong.text()).not.toMatch(/ECONNREFUSED/);
    }
    const admin = await fetch(`${offLoopback.url}/_fedlab/traces/${correlationId}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(admin.status).toBe(200);
    const entry = (await admin.json()) as { failedCheck: string; trace: { outcome: string; detail?: string }[] };
    expect(entry.failedCheck).toBe('issuer-metadata');
    expect(entry.trace.find((r) => r.outcome === 'failed')!.detail).toMatch(/ECONNREFUSED/);
  } finally {
    await offLoopback.close();
  }
});
