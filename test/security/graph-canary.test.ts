import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { ClientSecretCredential } from '@azure/identity';
import type { Client } from '@microsoft/microsoft-graph-client';
import { generateKeyPair, SignJWT } from 'jose';
import { azureTlsOptions } from '../../src/client/trust.js';
import { startFedlab, type Fedlab } from '../../src/start-fedlab.js';
import { AUDIENCE, fixtureConfig, graphClient, tokenRequest, WORKLOAD_APP_ID, WORKLOAD_ARN } from '../graph/support.js';
import { startCanary, type Canary } from './helpers/canary.js';
import { startIssuerServer, type IssuerServer } from './helpers/issuer-server.js';

/**
 * Issue #18, outbound fetches (docs/security.md "Outbound fetches", OUT-05/OUT-09/OUT-10): a federated
 * credential written through Microsoft Graph (the real @microsoft/microsoft-graph-client) by a tenant's
 * application owner cannot make fedlab fetch another local port, in any spelling of a loopback address.
 *
 * What the code does: Graph stores the issuer (Graph, like Entra, accepts any issuer URL on write and
 * fetches nothing then), and the token endpoint refuses to fetch it: the `issuer-metadata` check fails
 * with AADSTS50166 before a connection is opened. Real Entra fetches the issuer's discovery from its own
 * network at exchange time and refuses what it cannot fetch with the same AADSTS50166; what it does for
 * loopback names is undocumented (127.0.0.1 would name Microsoft's own host).
 *
 * Two canaries record every request: A (127.0.0.1 and ::1 on one port) is named by no configured
 * issuer; B's origin is a configured issuer's, so fedlab does fetch it, which shows the canaries
 * would see a fetch (the control case), and that an issuer with a query or fragment cannot swap the
 * discovery path on an allowed origin.
 */
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const GENERIC = /^AADSTS50166: Request to External OIDC endpoint failed\. Trace ID: [0-9a-f-]{36} Correlation ID: [0-9a-f-]{36} Timestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/;

let canaryA: Canary;
let canaryB: Canary;
let listed: IssuerServer;
let signingKey: CryptoKey;

/** Each spelling of an address of this machine, with what the trace's detail says about it. */
const loopbackForms = (port: number): [string, string, RegExp][] => [
  ['dotted quad', `http://127.0.0.1:${port}/t`, /loopback address 127\.0\.0\.1 not allowed/],
  ['short form 127.1', `http://127.1:${port}/t`, /loopback address 127\.0\.0\.1 not allowed/],
  ['another 127/8 address', `http://127.0.0.2:${port}/t`, /loopback address 127\.0\.0\.2 not allowed/],
  ['decimal', `http://2130706433:${port}/t`, /loopback address 127\.0\.0\.1 not allowed/],
  ['hex', `http://0x7f000001:${port}/t`, /loopback address 127\.0\.0\.1 not allowed/],
  ['octal', `http://0177.0.0.1:${port}/t`, /loopback address 127\.0\.0\.1 not allowed/],
  ['IPv6 loopback', `http://[::1]:${port}/t`, /loopback address ::1 not allowed/],
  ['IPv4-mapped IPv6', `http://[::ffff:127.0.0.1]:${port}/t`, /address ::ffff:7f00:1 not allowed|loopback address ::ffff:7f00:1 not allowed/],
  ['localhost', `http://localhost:${port}/t`, /resolved address not allowed \(loopback address (127\.0\.0\.1|::1) not allowed/],
  ['0.0.0.0 (reaches the host on Linux)', `http://0.0.0.0:${port}/t`, /address 0\.0\.0\.0 not allowed/],
  ['unspecified IPv6', `http://[::]:${port}/t`, /address :: not allowed/],
  ['https', `https://127.0.0.1:${port}/t`, /loopback address 127\.0\.0\.1 not allowed/],
];

beforeAll(async () => {
  [canaryA, canaryB, listed] = await Promise.all([startCanary({ ipv6: true }), startCanary(), startIssuerServer({ shape: 'aws' })]);
  signingKey = (await generateKeyPair('RS256')).privateKey;
});
afterAll(async () => {
  await Promise.all([canaryA, canaryB, listed].map((c) => c?.close()));
});

/** fedlab with canary B's origin named by a configured credential and the issuer server listed. */
function configWithCanaryB(): any {
  const config = fixtureConfig();
  config.entra.externalIssuers = { cooldownSeconds: 0, cacheMaxAgeSeconds: 0, timeoutMs: 1000, loopbackIssuers: [listed.issuer] };
  const workload = config.entra.tenants[0].applications.find((a: { appId: string }) => a.appId === WORKLOAD_APP_ID);
  workload.federatedIdentityCredentials.push({ name: 'configured-canary', issuer: `${canaryB.url}/configured`, subject: WORKLOAD_ARN, audiences: [AUDIENCE] });
  return config;
}

interface Party {
  fedlab: Fedlab;
  graph: Client;
  tenantId: string;
  /** The application the owner writes credentials on. */
  appObjectId: string;
  appId: string;
}

/** An assertion naming `iss`, signed with a key no issuer publishes (the fetch comes before the signature). */
async function assertionFor(iss: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ jti: randomUUID() }).setProtectedHeader({ alg: 'RS256', kid: 'canary-1', typ: 'JWT' }).setIssuer(iss).setSubject(WORKLOAD_ARN).setAudience(AUDIENCE).setIssuedAt(now).setExpirationTime(now + 300).sign(signingKey);
}

async function exchange(party: Party, iss: string) {
  const response = await party.fedlab.fetch(`${party.fedlab.entraAuthorityHost}/${party.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: party.appId, client_assertion: await assertionFor(iss), client_assertion_type: JWT_BEARER, scope: 'https://vault.azure.net/.default' }).toString(),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** Writes the credential through Graph (201 and read back), exchanges, then deletes it again. */
async function writeAndExchange(party: Party, issuer: string) {
  const path = `/applications/${party.appObjectId}/federatedIdentityCredentials`;
  const name = `canary-${randomUUID().slice(0, 8)}`;
  const created = await party.graph.api(path).post({ name, issuer, subject: WORKLOAD_ARN, audiences: [AUDIENCE] });
  expect(created).toMatchObject({ name, issuer });
  try {
    return await exchange(party, issuer);
  } finally {
    await party.graph.api(`${path}/${created.id}`).delete();
  }
}

/** The refusal as a client sees it, the trace (loopback: open) as the operator sees it, and no side effect. */
async function expectRefused(party: Party, answer: Awaited<ReturnType<typeof exchange>>, iss: string, detail: RegExp, canary: Canary) {
  expect(answer.status).toBe(400);
  expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
  expect(answer.headers.get('cache-control')).toBe('no-store, no-cache');
  expect(answer.headers.get('x-fedlab-failed-check')).toBe('issuer-metadata');
  const body = JSON.parse(answer.text);
  expect(body).toMatchObject({ error: 'invalid_request', error_codes: [50166] });
  expect(body.access_token).toBeUndefined();
  expect(body.error_description).toMatch(GENERIC); // nothing about the address or the rule
  const trace = await party.fedlab.fetch(`${party.fedlab.entraAuthorityHost}/_fedlab/traces/${body.correlation_id}`);
  expect(trace.status).toBe(200);
  const entry = (await trace.json()) as { outcome: string; failedCheck: string; code: number; trace: { check: string; outcome: string; detail?: string }[] };
  expect(entry).toMatchObject({ outcome: 'rejected', failedCheck: 'issuer-metadata', code: 50166 });
  const failed = entry.trace.find((r) => r.outcome === 'failed')!;
  expect(failed.check).toBe('issuer-metadata');
  expect(failed.detail).toMatch(detail);
  expect(party.fedlab.entra!.issuerKeys.cached(iss)).toBeUndefined();
  expect(canary.requests).toEqual([]);
}

async function defaultParty(): Promise<Party> {
  const fedlab = await startFedlab({ config: configWithCanaryB(), ports: 'auto' });
  const graph = graphClient(fedlab);
  const app = await graph.api('/applications').post({ displayName: `canary-owner-${randomUUID().slice(0, 8)}` });
  return { fedlab, graph, tenantId: fedlab.tenantId!, appObjectId: app.id, appId: app.appId };
}

/** A room of one: the attendee's own Graph admin writes on the attendee's own workload application. */
async function roomParty(): Promise<Party> {
  const fedlab = await startFedlab({ config: configWithCanaryB(), ports: 'auto', attendees: 1 });
  const attendee = fedlab.attendees![0]!;
  const credential = new ClientSecretCredential(attendee.tenantId, attendee.admin!.clientId, attendee.admin!.clientSecret, { authorityHost: fedlab.entraAuthorityHost!, disableInstanceDiscovery: true, ...azureTlsOptions(fedlab.ca) });
  const graph = graphClient(fedlab, credential);
  const app = await graph.api(`/applications(appId='${attendee.clientId}')`).get();
  return { fedlab, graph, tenantId: attendee.tenantId, appObjectId: app.id, appId: attendee.clientId };
}

describe.each([
  ['default mode (the tenant admin)', defaultParty],
  ['room mode (an attendee, on their own tenant)', roomParty],
])('%s', (_mode, start) => {
  let party: Party;
  beforeAll(async () => {
    party = await start();
  });
  afterAll(async () => {
    await party?.fedlab.close();
  });

  test('OUT-05 every spelling of a loopback address is stored by Graph and never fetched: AADSTS50166, the generic text, the check and rule in the trace, the canary at 0', async () => {
    for (const [form, issuer, detail] of loopbackForms(canaryA.port)) {
      const answer = await writeAndExchange(party, issuer);
      try {
        await expectRefused(party, answer, issuer, detail, canaryA);
      } catch (error) {
        throw new Error(`${form} (${issuer}): ${(error as Error).message}`);
      }
    }
    // Only the Graph admin's client-secret tokens were issued: no assertion was accepted.
    expect(party.fedlab.events.recent().filter((e) => e.type === 'exchange-accepted' && e.assertion !== undefined)).toEqual([]);
  });

  test('OUT-07 an allowed issuer whose discovery names the canary as jwks_uri (other origin, 127.1, localhost) or redirects to it: refused, the canary at 0', async () => {
    const jwksForms: [string, RegExp][] = [
      [`${canaryA.url}/keys`, /jwks_uri http:\/\/127\.0\.0\.1:\d+\/keys is not on the issuer's origin/],
      [`http://127.1:${canaryA.port}/keys`, /jwks_uri .* is not on the issuer's origin/],
      [`http://localhost:${canaryA.port}/keys`, /jwks_uri .* is not on the issuer's origin/],
    ];
    for (const [jwksUri, detail] of jwksForms) {
      party.fedlab.entra!.issuerKeys.forget(listed.issuer);
      listed.discoveryOverrides = { jwks_uri: jwksUri };
      try {
        await expectRefused(party, await writeAndExchange(party, listed.issuer), listed.issuer, detail, canaryA);
      } finally {
        listed.heal();
      }
    }
    party.fedlab.entra!.issuerKeys.forget(listed.issuer);
    listed.behaviour = { discovery: { status: 302, location: `${canaryA.url}/redirected` } };
    try {
      await expectRefused(party, await writeAndExchange(party, listed.issuer), listed.issuer, /redirect \(HTTP 302\) not followed/, canaryA);
    } finally {
      listed.heal();
    }
  });

  test('OUT-09 on an allowed origin a query or fragment in the issuer cannot replace the discovery path (fedlab-own listeners stay out of reach); a path is fetched (the control)', async () => {
    for (const issuer of [`${canaryB.url}/_fedlab/events?`, `${canaryB.url}/_fedlab/events?x=`, `${canaryB.url}/_fedlab/events#`]) {
      await expectRefused(party, await writeAndExchange(party, issuer), issuer, /issuer .* has a query or fragment/, canaryB);
    }
    // The same origin with a path: fetched, so the canary does see fetches (the rule is per origin).
    const control = `${canaryB.url}/elsewhere`;
    const answer = await writeAndExchange(party, control);
    expect(JSON.parse(answer.text)).toMatchObject({ error_codes: [50166] }); // the canary is no issuer
    expect(canaryB.requests).toEqual(['GET /elsewhere/.well-known/openid-configuration']);
    canaryB.reset();
  });
});
