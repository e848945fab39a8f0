import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import type { Client } from '@microsoft/microsoft-graph-client';
import { createIssuerKeys, IssuerMetadataError } from '../../src/core/jwt/issuer-keys.js';
import { startFedlab, type Fedlab } from '../../src/start-fedlab.js';
import { AUDIENCE, fixtureConfig, graphClient, tokenRequest, WORKLOAD_ARN } from '../graph/support.js';
import { startIssuerServer, type IssuerServer } from './helpers/issuer-server.js';

/**
 * Outbound fetches of issue #18 through the whole Entra (docs/security.md "Outbound fetches"): a
 * credential written through Graph cannot point fedlab at another local port; an issuer listed in
 * `entra.externalIssuers.loopbackIssuers` (or named by the configuration) is fetched.
 */
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

let fedlab: Fedlab;
let graph: Client;
let listed: IssuerServer;
let stray: IssuerServer;
let elsewhere: IssuerServer;

beforeAll(async () => {
  [listed, stray, elsewhere] = await Promise.all([startIssuerServer({ shape: 'aws' }), startIssuerServer({ shape: 'aws' }), startIssuerServer({ shape: 'aws' })]);
  const config = fixtureConfig();
  config.entra.externalIssuers = { cooldownSeconds: 0, cacheMaxAgeSeconds: 0, timeoutMs: 1000, loopbackIssuers: [listed.issuer] };
  fedlab = await startFedlab({ config, ports: 'auto' });
  graph = graphClient(fedlab);
});
afterAll(async () => {
  await fedlab?.close();
  await Promise.all([listed, stray, elsewhere].map((i) => i?.close()));
});

async function exchangeWith(issuer: IssuerServer): Promise<{ status: number; body: any }> {
  const app: { id: string; appId: string } = await graph.api('/applications').post({ displayName: `loopback-${randomUUID().slice(0, 8)}` });
  await graph.api(`/applications/${app.id}/federatedIdentityCredentials`).post({ name: 'runtime', issuer: issuer.issuer, subject: WORKLOAD_ARN, audiences: [AUDIENCE] });
  const now = Math.floor(Date.now() / 1000);
  const claims = { iss: issuer.issuer, sub: WORKLOAD_ARN, aud: AUDIENCE, iat: now, exp: now + 300, jti: randomUUID() };
  const assertion = await issuer.signRaw(JSON.stringify({ kid: 'rsa1', typ: 'JWT', alg: 'RS256' }), JSON.stringify(claims), 'rsa1');
  return tokenRequest(fedlab, { grant_type: 'client_credentials', client_id: app.appId, client_assertion: assertion, client_assertion_type: JWT_BEARER, scope: 'https://vault.azure.net/.default' });
}

test('OUT-05 a Graph-written credential naming another loopback port is never fetched: AADSTS50166 with the generic text, the check names the rule', async () => {
  const answer = await exchangeWith(stray);
  expect(answer.status).toBe(400);
  expect(answer.body).toMatchObject({ error: 'invalid_request', error_codes: [50166] });
  expect(answer.body.error_description).toMatch(/^AADSTS50166: Request to External OIDC endpoint failed\./);
  expect(answer.body.error_description).not.toMatch(/loopback|127\.0\.0\.1/);
  expect(stray.total()).toBe(0);
  const rejected = fedlab.events.recent().filter((e) => e.type === 'exchange-rejected').at(-1)!;
  expect(rejected).toMatchObject({ failedCheck: 'issuer-metadata', code: 50166 });
  expect(String(rejected.detail)).toMatch(/loopback address 127\.0\.0\.1 not allowed for http:\/\/127\.0\.0\.1:\d+ \(neither fedlab's own nor a configured issuer\)/);
});

test('OUT-06 an issuer listed in entra.externalIssuers.loopbackIssuers is fetched (fedlab\'s own: graph/exchange-after-graph.test.ts)', async () => {
  const answer = await exchangeWith(listed);
  expect(answer.status).toBe(200);
  expect(listed.counts.discovery).toBeGreaterThan(0);
  expect(listed.counts.jwks).toBeGreaterThan(0);
});

test('OUT-07 a discovery document whose jwks_uri names another loopback port (allowed or not) is refused before the key fetch', async () => {
  fedlab.entra!.issuerKeys.forget(listed.issuer); // else the last good key set is used while the issuer fails
  listed.discoveryOverrides = { jwks_uri: `${elsewhere.base}${new URL(elsewhere.issuer).pathname}/.well-known/jwks.json` };
  try {
    const answer = await exchangeWith(listed);
    expect(answer).toMatchObject({ status: 400, body: { error_codes: [50166] } });
    expect(elsewhere.total()).toBe(0);
    const rejected = fedlab.events.recent().filter((e) => e.type === 'exchange-rejected').at(-1)!;
    expect(String(rejected.detail)).toMatch(/jwks_uri .* is not on the issuer's origin/);
  } finally {
    listed.heal();
  }
});

test('OUT-08 a jwks_uri on another origin is fetched only when entra.externalIssuers.jwksOrigins lists it (Google publishes its keys off its issuer origin)', async () => {
  const keysOf = (jwksOrigins: string[]) => createIssuerKeys({ fetchPolicy: { timeoutMs: 1000, maxBytes: 65536, requireHttps: false, addresses: { allowLoopback: true, allowPrivate: false, allowLinkLocal: false } }, jwksOrigins, cooldownMs: 0 });
  stray.discoveryOverrides = { jwks_uri: `${elsewhere.base}${new URL(elsewhere.issuer).pathname}/.well-known/jwks.json` };
  try {
    const before = elsewhere.counts.jwks;
    await expect(keysOf([]).resolve(stray.issuer, { alg: 'RS256', kid: 'rsa1' })).rejects.toBeInstanceOf(IssuerMetadataError);
    expect(elsewhere.counts.jwks).toBe(before);
    await expect(keysOf([elsewhere.base]).resolve(stray.issuer, { alg: 'RS256', kid: 'rsa1' })).resolves.toBeDefined();
    expect(elsewhere.counts.jwks).toBe(before + 1);
  } finally {
    stray.heal();
  }
});
