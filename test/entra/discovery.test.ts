import { createHash, X509Certificate } from 'node:crypto';
import { request } from 'node:https';
import { validateConfig } from '../../src/core/config/load-config.js';
import { entraConfigSchema, startEntra } from '../../src/entra/index.js';
import { expectAadsts } from './helpers/expect-aadsts.js';
import { startTestEntra, TENANT_DOMAIN, TENANT_ID, testEntraConfig, type TestEntra } from './helpers/test-entra.js';

let lab: TestEntra;
beforeAll(async () => {
  lab = await startTestEntra();
});
afterAll(() => lab.close());

async function get(path: string, base = lab.authorityHost) {
  const response = await lab.fetch(`${base}${path}`);
  return { status: response.status, headers: response.headers, body: await response.json() };
}

/** A GET with a chosen Host header (as when DNS points login.microsoftonline.com at fedlab). */
function getAs(host: string, path: string): Promise<any> {
  const { hostname, port } = new URL(lab.authorityHost);
  return new Promise((resolve, reject) => {
    request({ hostname, port, path, headers: { host }, ca: lab.ca, servername: 'localhost' }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode, ...JSON.parse(text) }));
    })
      .on('error', reject)
      .end();
  });
}

test('/health answers for the entra party', async () => {
  expect((await get('/health')).body).toEqual({ status: 'ok', party: 'entra' });
});

test('v2 discovery: the fields MSAL needs, on the host the client used, endpoints under the tenant GUID', async () => {
  const { status, headers, body } = await get(`/${TENANT_DOMAIN}/v2.0/.well-known/openid-configuration`);
  expect(status).toBe(200);
  const at = `${lab.authorityHost}/${TENANT_ID}`;
  expect(body).toMatchObject({
    issuer: `${at}/v2.0`,
    token_endpoint: `${at}/oauth2/v2.0/token`,
    authorization_endpoint: `${at}/oauth2/v2.0/authorize`,
    jwks_uri: `${at}/discovery/v2.0/keys`,
    id_token_signing_alg_values_supported: ['RS256'],
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    cloud_instance_name: 'microsoftonline.com',
  });
  expect(body).not.toHaveProperty('grant_types_supported');
  expect(headers.get('cache-control')).toBe('max-age=86400, private');
  expect(headers.get('access-control-allow-origin')).toBe('*');
});

test('v1 discovery: sts.windows.net issuer, endpoints without /v2.0', async () => {
  const { body } = await get(`/${TENANT_ID}/.well-known/openid-configuration`);
  expect(body).toMatchObject({
    issuer: `https://sts.windows.net/${TENANT_ID}/`,
    token_endpoint: `${lab.authorityHost}/${TENANT_ID}/oauth2/token`,
    jwks_uri: `${lab.authorityHost}/${TENANT_ID}/discovery/keys`,
  });
});

test('reached as localhost, the documents speak of localhost', async () => {
  const localhost = lab.authorityHost.replace('127.0.0.1', 'localhost');
  expect((await get(`/${TENANT_ID}/v2.0/.well-known/openid-configuration`, localhost)).body.issuer).toBe(`${localhost}/${TENANT_ID}/v2.0`);
});

test("reached under Microsoft's name, the issuer is Microsoft's; an unknown Host is refused (DNS rebinding)", async () => {
  expect((await getAs('login.microsoftonline.com', `/${TENANT_ID}/v2.0/.well-known/openid-configuration`)).issuer).toBe(`https://login.microsoftonline.com/${TENANT_ID}/v2.0`);
  const unknown = await getAs('evil.example', `/${TENANT_ID}/v2.0/.well-known/openid-configuration`);
  expect(unknown.status).toBeGreaterThanOrEqual(400);
  expect(unknown.issuer).toBeUndefined();
});

test('keys: kid = x5t = base64url SHA-1 thumbprint of the x5c certificate, whose key is the JWK', async () => {
  const v2 = (await get(`/${TENANT_ID}/discovery/v2.0/keys`)).body;
  const v1 = (await get(`/${TENANT_ID}/discovery/keys`)).body;
  expect(v2.keys).toHaveLength(1);
  const [key] = v2.keys;
  const der = Buffer.from(key.x5c[0], 'base64');
  expect(key.kid).toBe(createHash('sha1').update(der).digest('base64url'));
  expect(key.x5t).toBe(key.kid);
  expect(key).toMatchObject({ kty: 'RSA', use: 'sig', e: 'AQAB', issuer: `${lab.authorityHost}/${TENANT_ID}/v2.0` });
  const cert = new X509Certificate(der);
  expect(cert.subject).toBe('CN=accounts.accesscontrol.windows.net');
  expect(cert.publicKey.export({ format: 'jwk' })).toMatchObject({ n: key.n, e: key.e });
  expect(v1.keys[0]).toMatchObject({ kid: key.kid, issuer: `https://sts.windows.net/${TENANT_ID}/` });
});

test('an unknown tenant: 400 invalid_tenant AADSTS90002 on discovery and keys', async () => {
  for (const path of ['/contoso.example/v2.0/.well-known/openid-configuration', '/11111111-2222-3333-4444-555555555555/discovery/v2.0/keys']) {
    expectAadsts(await get(path), { status: 400, error: 'invalid_tenant', code: 90002, check: 'tenant', message: /^Tenant '[^']+' not found\./ });
  }
});

test("instance discovery: fedlab's own host is an instance with one alias; others are AADSTS50049", async () => {
  const authorize = encodeURIComponent(`${lab.authorityHost}/${TENANT_ID}/oauth2/v2.0/authorize`);
  const host = new URL(lab.authorityHost).host;
  expect((await get(`/common/discovery/instance?api-version=1.1&authorization_endpoint=${authorize}`)).body).toEqual({
    tenant_discovery_endpoint: `https://${host}/${TENANT_ID}/v2.0/.well-known/openid-configuration`,
    'api-version': '1.1',
    metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
  });
  const other = await get(`/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent('https://idp.example/x/oauth2/v2.0/authorize')}`);
  expectAadsts(other, { status: 400, error: 'invalid_instance', code: 50049, check: 'instance', message: /^Unknown or invalid instance\.$/ });
});

test('the signing key is kept in the state store and imported again on the next start', async () => {
  const stored = lab.ctx.store.read<{ keys: { key: { kid: string } }[] }>('entra/keys.json')!;
  expect(stored.keys.map((k) => k.key.kid)).toEqual([lab.entra.keys.current().kid]);
  const again = await startEntra(validateConfig(entraConfigSchema, testEntraConfig()), lab.ctx, { issuerAliases: { 'aws:111122223333': lab.issuer.issuer } });
  try {
    expect(again.keys.current().kid).toBe(lab.entra.keys.current().kid);
  } finally {
    await again.close();
  }
});

test('rotation publishes a new current key and keeps the old one', async () => {
  const old = lab.entra.keys.current().kid;
  const fresh = await lab.entra.keys.rotate();
  expect(fresh.kid).not.toBe(old);
  expect((await get(`/${TENANT_ID}/discovery/v2.0/keys`)).body.keys.map((k: { kid: string }) => k.kid)).toEqual([fresh.kid, old]);
});
