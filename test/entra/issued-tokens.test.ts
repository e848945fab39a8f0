import { request } from 'node:https';
import { createRemoteJWKSet, customFetch, decodeProtectedHeader, jwtVerify } from 'jose';
import type { FedlabEvent } from '../../src/core/events.js';
import { EXCHANGE_CHECKS } from '../../src/entra/exchange/pipeline.js';
import { CLIENT_ID, federatedForm, ORDERS_API, ORDERS_APP_ID, SERVICE_PRINCIPAL_ID, startTestEntra, TENANT_ID, VAULT, type TestEntra } from './helpers/test-entra.js';

let lab: TestEntra;
const events: FedlabEvent[] = [];
beforeAll(async () => {
  lab = await startTestEntra((c) => (c.accessTokenLifetimeSeconds = 4000));
  lab.ctx.events.subscribe((e) => events.push(e));
});
afterAll(() => lab.close());

/** Verify a token the way a resource server does: discovery of the tenant, then its jwks_uri. */
async function verifyThroughDiscovery(token: string, discoveryPath: string, audience: string) {
  const discovery = await (await lab.fetch(`${lab.authorityHost}/${TENANT_ID}${discoveryPath}`)).json();
  const keys = createRemoteJWKSet(new URL(discovery.jwks_uri), { [customFetch]: lab.fetch as never });
  return jwtVerify(token, keys, { issuer: discovery.issuer, audience, algorithms: ['RS256'] });
}

test('a v1 resource gets a v1 token that verifies through the v1 discovery document', async () => {
  const response = await lab.token(federatedForm(await lab.issuer.mint()));
  expect(response.status).toBe(200);
  expect(Object.keys(response.body)).toEqual(['token_type', 'expires_in', 'ext_expires_in', 'access_token']);
  expect(response.body).toMatchObject({ token_type: 'Bearer', expires_in: 4000, ext_expires_in: 4000 });
  expect(response.headers.get('cache-control')).toBe('no-store, no-cache');
  expect(response.headers.get('pragma')).toBe('no-cache');

  const token = response.body.access_token;
  const kid = lab.entra.keys.current().kid;
  expect(Object.entries(decodeProtectedHeader(token))).toEqual([['typ', 'JWT'], ['alg', 'RS256'], ['x5t', kid], ['kid', kid]]);
  const { payload } = await verifyThroughDiscovery(token, '/.well-known/openid-configuration', VAULT);
  expect(Object.keys(payload)).toEqual(['aud', 'iss', 'iat', 'nbf', 'exp', 'aio', 'appid', 'appidacr', 'idp', 'idtyp', 'oid', 'rh', 'sub', 'tid', 'uti', 'ver']);
  expect(payload).toMatchObject({
    aud: VAULT,
    iss: `https://sts.windows.net/${TENANT_ID}/`,
    idp: `https://sts.windows.net/${TENANT_ID}/`,
    appid: CLIENT_ID,
    appidacr: '2',
    idtyp: 'app',
    oid: SERVICE_PRINCIPAL_ID,
    sub: SERVICE_PRINCIPAL_ID,
    tid: TENANT_ID,
    ver: '1.0',
  });
  expect(payload.uti).toMatch(/^[A-Za-z0-9_-]{22}$/);
  expect(payload.rh).toMatch(/^0\.A[A-Za-z0-9_-]+AAA\.$/);
  expect(payload.nbf).toBe(payload.iat);
  expect(payload.exp! - payload.iat!).toBe(4000 + 300);
});

test('a v2 resource gets a v2 token (aud = resource appId, azp, roles) verifying through the v2 document', async () => {
  const response = await lab.token(federatedForm(await lab.issuer.mint(), { scope: `${ORDERS_API}/.default` }));
  const token = response.body.access_token;
  expect(Object.keys(decodeProtectedHeader(token))).toEqual(['typ', 'alg', 'kid']);
  const { payload } = await verifyThroughDiscovery(token, '/v2.0/.well-known/openid-configuration', ORDERS_APP_ID);
  expect(Object.keys(payload)).toEqual(['aud', 'iss', 'iat', 'nbf', 'exp', 'aio', 'azp', 'azpacr', 'idtyp', 'oid', 'rh', 'roles', 'sub', 'tid', 'uti', 'ver']);
  expect(payload).toMatchObject({ aud: ORDERS_APP_ID, iss: `${lab.authorityHost}/${TENANT_ID}/v2.0`, azp: CLIENT_ID, azpacr: '2', roles: ['Orders.Read'], oid: SERVICE_PRINCIPAL_ID, ver: '2.0' });
});

test('app roles granted on a v1 resource land in roles', async () => {
  const response = await lab.token(federatedForm(await lab.issuer.mint(), { scope: 'https://graph.microsoft.com/.default' }));
  const { payload } = await verifyThroughDiscovery(response.body.access_token, '/.well-known/openid-configuration', 'https://graph.microsoft.com');
  expect(payload.roles).toEqual(['User.Read.All']);
});

test('the v1 endpoint answers with strings, expires_on/not_before, and the resource as requested', async () => {
  const { scope: _s, ...form } = federatedForm(await lab.issuer.mint());
  const response = await lab.token({ ...form, resource: 'https://vault.azure.net/' }, { path: `/${TENANT_ID}/oauth2/token` });
  expect(response.status).toBe(200);
  const { body } = response;
  expect(body).toMatchObject({ token_type: 'Bearer', expires_in: '4000', ext_expires_in: '4000', resource: 'https://vault.azure.net/' });
  expect(body.expires_on).toMatch(/^\d{10}$/);
  expect(Number(body.expires_on) - Number(body.not_before)).toBe(4300);
  const { payload } = await verifyThroughDiscovery(body.access_token, '/.well-known/openid-configuration', 'https://vault.azure.net/');
  expect(payload.aud).toBe('https://vault.azure.net/');
});

test('the resource, not the endpoint, picks the version: v1 endpoint, v2 resource, v2 token', async () => {
  const { scope: _s, ...form } = federatedForm(await lab.issuer.mint());
  const response = await lab.token({ ...form, resource: ORDERS_API }, { path: `/${TENANT_ID}/oauth2/token` });
  await expect(verifyThroughDiscovery(response.body.access_token, '/v2.0/.well-known/openid-configuration', ORDERS_APP_ID)).resolves.toBeDefined();
});

test('reached as login.microsoftonline.com, v2 tokens carry the real Entra issuer string', async () => {
  const { hostname, port } = new URL(lab.authorityHost);
  const body = new URLSearchParams(federatedForm(await lab.issuer.mint(), { scope: `${ORDERS_API}/.default` })).toString();
  const answer: any = await new Promise((resolve, reject) => {
    const req = request(
      { method: 'POST', hostname, port, path: `/${TENANT_ID}/oauth2/v2.0/token`, ca: lab.ca, servername: 'localhost', headers: { host: 'login.microsoftonline.com', 'content-type': 'application/x-www-form-urlencoded' } },
      (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve(JSON.parse(text)));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
  const payload = JSON.parse(Buffer.from(answer.access_token.split('.')[1], 'base64url').toString());
  expect(payload.iss).toBe(`https://login.microsoftonline.com/${TENANT_ID}/v2.0`);
});

test('an accepted exchange publishes an event with the whole trace and the credential that matched', async () => {
  const correlationId = 'c0ffee00-1234-4abc-8def-0123456789ab';
  await lab.token(federatedForm(await lab.issuer.mint(), { 'client-request-id': correlationId }));
  const event = events.find((e) => e.correlationId === correlationId)!;
  expect(event).toMatchObject({ party: 'entra', type: 'exchange-accepted', grant: 'client_credentials', tenant: TENANT_ID, clientId: CLIENT_ID, credential: 'aws-fedlab-workload', resource: VAULT, tokenVersion: 1 });
  expect((event.trace as { outcome: string }[]).every((r) => r.outcome === 'passed')).toBe(true);
  expect((event.trace as { check: string }[]).map((r) => r.check)).toEqual(EXCHANGE_CHECKS.map((c) => c.name));
});
