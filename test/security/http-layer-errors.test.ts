import { startFedlab, type Fedlab } from '../../src/index.js';

/**
 * Errors raised before any fedlab code runs (a gzip body that does not inflate, a path parameter
 * that does not percent-decode) carry only a 4xx status, no body-parser `type`. Each party answers
 * them in its own protocol's format as the client's mistake, never as a 500.
 */
let fedlab: Fedlab;
let vaultToken: string;
beforeAll(async () => {
  fedlab = await startFedlab({ ports: 'auto' });
  vaultToken = (await fedlab.assertionCredential().getToken('https://vault.azure.net/.default')).token;
});
afterAll(() => fedlab?.close());

const BROKEN_GZIP = { 'content-encoding': 'gzip' };
const TENANT = '8c1f6a52-3c0e-4f2e-9d51-6f0b1d2a7e10';

async function call(url: string, init: RequestInit = {}) {
  const response = await fedlab.fetch(url, init);
  return { status: response.status, headers: response.headers, text: await response.text() };
}

describe('a body that does not inflate', () => {
  test('AWS awsQuery: 400 MalformedQueryString in awsQuery XML', async () => {
    const r = await call(`${fedlab.urls.aws.endpoint}/`, { method: 'POST', headers: { ...BROKEN_GZIP, 'content-type': 'application/x-www-form-urlencoded' }, body: 'not gzip' });
    expect(r.status).toBe(400);
    expect(r.text).toMatch(/<Code>MalformedQueryString<\/Code>/);
  });

  test('Entra token endpoint: 400 AADSTS9002313 at check request-body', async () => {
    const r = await call(`${fedlab.urls.entra!.authorityHost}/${TENANT}/oauth2/v2.0/token`, { method: 'POST', headers: { ...BROKEN_GZIP, 'content-type': 'application/x-www-form-urlencoded' }, body: 'not gzip' });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.text)).toMatchObject({ error: 'invalid_request', error_codes: [9002313] });
    expect(r.headers.get('x-fedlab-failed-check')).toBe('request-body');
  });

  test('Key Vault: 400 BadParameter', async () => {
    const r = await call(`${fedlab.urls.vault!.url}/secrets/demo?api-version=7.5`, { method: 'PUT', headers: { ...BROKEN_GZIP, 'content-type': 'application/json', authorization: `Bearer ${vaultToken}` }, body: 'not gzip' });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.text)).toMatchObject({ error: { code: 'BadParameter', message: expect.stringMatching(/^The request body could not be read/) } });
  });

  test('runtime control of every party: 400 InvalidRequest', async () => {
    for (const base of [fedlab.urls.aws.endpoint, fedlab.urls.entra!.authorityHost, fedlab.urls.vault!.url]) {
      const r = await call(`${base}/_fedlab/faults`, { method: 'POST', headers: { ...BROKEN_GZIP, 'content-type': 'application/json' }, body: 'not gzip' });
      expect([base, r.status]).toEqual([base, 400]);
      expect(JSON.parse(r.text)).toMatchObject({ error: { code: 'InvalidRequest' } });
    }
  });

  test('console API: 400 invalid_body', async () => {
    const r = await call(`${fedlab.urls.console!.url}/api/flow/token`, { method: 'POST', headers: { ...BROKEN_GZIP, 'content-type': 'application/json' }, body: 'not gzip' });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.text)).toMatchObject({ error: { code: 'invalid_body' } });
  });
});

describe('a path parameter that does not percent-decode', () => {
  test('AWS issuer routes: 400 JSON, not a 500', async () => {
    const r = await call(`${fedlab.urls.aws.endpoint}/%ZZ/.well-known/openid-configuration`);
    expect(r.status).toBe(400);
    expect(JSON.parse(r.text)).toMatchObject({ error: 'bad_request' });
  });

  test('Entra discovery: 400 AADSTS9002313 at check request-path', async () => {
    const r = await call(`${fedlab.urls.entra!.authorityHost}/%ZZ/v2.0/.well-known/openid-configuration`);
    expect(r.status).toBe(400);
    expect(JSON.parse(r.text)).toMatchObject({ error_codes: [9002313] });
    expect(r.headers.get('x-fedlab-failed-check')).toBe('request-path');
  });

  test('Entra token endpoint: the tenant as sent, refused with AADSTS900023', async () => {
    const r = await call(`${fedlab.urls.entra!.authorityHost}/%ZZ/oauth2/v2.0/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.text)).toMatchObject({ error_codes: [900023], error_description: expect.stringMatching(/^AADSTS900023: Specified tenant identifier '%ZZ'/) });
    expect(r.headers.get('x-fedlab-failed-check')).toBe('tenant');
  });

  test('Key Vault: 400 BadParameter', async () => {
    const r = await call(`${fedlab.urls.vault!.url}/secrets/%ZZ?api-version=7.5`, { headers: { authorization: `Bearer ${vaultToken}` } });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.text)).toMatchObject({ error: { code: 'BadParameter' } });
  });
});
