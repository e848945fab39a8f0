import { startVaultLab, rawRequest, type VaultLab } from './helpers/vault-lab.js';

let lab: VaultLab;
let token: string;
beforeAll(async () => {
  lab = await startVaultLab();
  token = await lab.authority.mint();
});
afterAll(() => lab.close());

const json = { 'content-type': 'application/json' };

function expectKeyVaultError(res: { status: number; headers: Record<string, unknown>; body: any }, status: number, code: string, message?: string | RegExp) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(Object.keys(res.body)).toEqual(['error']);
  expect(res.body.error.code).toBe(code);
  expect(typeof res.body.error.message).toBe('string');
  if (typeof message === 'string') expect(res.body.error.message).toBe(message);
  else if (message) expect(res.body.error.message).toMatch(message);
}

test('/health answers without a token', async () => {
  const res = await rawRequest(lab, 'GET', '/health');
  expect(res).toMatchObject({ status: 200, body: { status: 'ok', party: 'vault' } });
});

test('a missing api-version is BadParameter (400), naming the check', async () => {
  const res = await rawRequest(lab, 'GET', '/secrets/demo-secret', { token });
  expectKeyVaultError(res, 400, 'BadParameter', 'The api-version query parameter is missing. Consider using the latest supported version (2026-04-01).');
  expect(res.headers['x-fedlab-failed-check']).toBe('api-version');
});

test('an unknown api-version is BadParameter in Key Vault words', async () => {
  const res = await rawRequest(lab, 'GET', '/secrets/demo-secret?api-version=9.9', { token });
  expectKeyVaultError(res, 400, 'BadParameter', 'The specified version (9.9) is not recognized. Consider using the latest supported version (2026-04-01).');
});

test('a repeated api-version is refused, not crashed on', async () => {
  const res = await rawRequest(lab, 'GET', '/secrets?api-version=7.4&api-version=7.5', { token });
  expectKeyVaultError(res, 400, 'BadParameter', /The specified version \(7\.4,7\.5\) is not recognized/);
});

test('an unknown route is a JSON 404', async () => {
  const res = await rawRequest(lab, 'GET', '/keys/some-key?api-version=7.4', { token });
  expectKeyVaultError(res, 404, 'NotFound', 'No Key Vault operation matches GET /keys/some-key.');
});

test('an unsupported method on a known path is a JSON 404 too', async () => {
  const res = await rawRequest(lab, 'POST', '/secrets/demo-secret?api-version=7.4', { token, body: '{}', headers: json });
  expectKeyVaultError(res, 404, 'NotFound');
});

test('the trailing slash the SDK sends for "no version" is the current version', async () => {
  const res = await rawRequest(lab, 'GET', '/secrets/demo-secret/?api-version=7.4', { token });
  expect(res.status).toBe(200);
  expect(Object.keys(res.body)).toEqual(['value', 'id', 'attributes']);
  expect(res.body.id).toMatch(new RegExp(`^${lab.vault.urls.url}/secrets/demo-secret/[0-9a-f]{32}$`));
  expect(res.body.attributes).toEqual({ enabled: true, created: expect.any(Number), updated: expect.any(Number), recoveryLevel: 'Recoverable+Purgeable', recoverableDays: 90 });
  expect(res.headers['cache-control']).toContain('no-store');
});

test('a malformed JSON body is BadParameter, not an HTML page', async () => {
  const res = await rawRequest(lab, 'PUT', '/secrets/broken?api-version=7.4', { token, body: '{"value": "x",', headers: json });
  expectKeyVaultError(res, 400, 'BadParameter', 'The request body is not valid JSON.');
  expect(res.text).not.toContain('<');
});

test('a body over the size limit is 413 in Key Vault format', async () => {
  const res = await rawRequest(lab, 'PUT', '/secrets/huge?api-version=7.4', { token, body: JSON.stringify({ value: 'x'.repeat(300 * 1024) }), headers: json });
  expectKeyVaultError(res, 413, 'RequestEntityTooLarge');
});

test('an unsupported body encoding is refused in Key Vault format', async () => {
  const res = await rawRequest(lab, 'PUT', '/secrets/enc?api-version=7.4', { token, body: '{"value":"x"}', headers: { ...json, 'content-encoding': 'br-unknown' } });
  expectKeyVaultError(res, 415, 'BadParameter');
});

test.each([
  ['an empty body', undefined, 'Invalid request body: value: the secret value is required.'],
  ['a JSON array', '[]', 'The request body must be a JSON object (Content-Type: application/json).'],
  ['no value', '{"contentType":"text/plain"}', 'Invalid request body: value: the secret value is required.'],
  ['a number value', '{"value":42}', 'Invalid request body: value: expected a string.'],
  ['a value over 25 KB', JSON.stringify({ value: 'x'.repeat(25 * 1024 + 1) }), /^Invalid request body: value: the secret value exceeds 25600 characters/],
  ['16 tags', JSON.stringify({ value: 'x', tags: Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`t${i}`, 'v'])) }), /^Invalid request body: tags: at most 15 tags/],
])('setSecret with %s is BadParameter naming the property', async (_title, body, message) => {
  const res = await rawRequest(lab, 'PUT', '/secrets/checked?api-version=7.4', { token, body, headers: json });
  expectKeyVaultError(res, 400, 'BadParameter', message);
});

test('a body that is not JSON by its content type is BadParameter', async () => {
  const res = await rawRequest(lab, 'PUT', '/secrets/plain?api-version=7.4', { token, body: 'value=x', headers: { 'content-type': 'text/plain' } });
  expectKeyVaultError(res, 400, 'BadParameter', 'The request body must be a JSON object (Content-Type: application/json).');
});

test('an invalid secret name is BadParameter as Key Vault words it', async () => {
  const res = await rawRequest(lab, 'GET', '/secrets/my_secret?api-version=7.4', { token });
  expectKeyVaultError(res, 400, 'BadParameter', 'The request URI contains an invalid name: my_secret');
});

test.each([
  ['maxresults=0', /maxresults must be an integer between 1 and 25/],
  ['maxresults=26', /maxresults must be an integer between 1 and 25/],
  ['maxresults=abc', /maxresults must be an integer between 1 and 25/],
  ['$skiptoken=not-a-token', /The \$skiptoken 'not-a-token' is not valid/],
])('listing with %s is BadParameter', async (query, message) => {
  const res = await rawRequest(lab, 'GET', `/secrets?api-version=7.4&${query}`, { token });
  expectKeyVaultError(res, 400, 'BadParameter', message);
});

test('a nextLink repeats api-version and maxresults, like Key Vault, and the last page has nextLink null', async () => {
  const first = await rawRequest(lab, 'GET', '/secrets?api-version=7.4&maxresults=1', { token });
  expect(first.status).toBe(200);
  const listed = await rawRequest(lab, 'GET', '/secrets?api-version=7.4', { token });
  if (listed.body.value.length > 1) {
    expect(first.body.nextLink).toMatch(new RegExp(`^${lab.vault.urls.url}/secrets\\?api-version=7\\.4&\\$skiptoken=[\\w-]+&maxresults=1$`));
  }
  expect(listed.body.nextLink).toBeNull();
  expect(listed.body.value[0]).toEqual({ id: `${lab.vault.urls.url}/secrets/demo-secret`, attributes: expect.objectContaining({ enabled: true }) });
});

test('versions of a secret that does not exist are SecretNotFound', async () => {
  const res = await rawRequest(lab, 'GET', '/secrets/never-set/versions?api-version=7.4', { token });
  expectKeyVaultError(res, 404, 'SecretNotFound', /^A secret with \(name\/id\) never-set was not found/);
});

test('a version that does not exist is SecretNotFound naming name/version', async () => {
  const res = await rawRequest(lab, 'GET', '/secrets/demo-secret/0123456789abcdef0123456789abcdef?api-version=7.4', { token });
  expectKeyVaultError(res, 404, 'SecretNotFound', /^A secret with \(name\/id\) demo-secret\/0123456789abcdef0123456789abcdef was not found/);
});

test('purging or recovering what is not deleted is SecretNotFound', async () => {
  expectKeyVaultError(await rawRequest(lab, 'DELETE', '/deletedsecrets/demo-secret?api-version=7.4', { token }), 404, 'SecretNotFound', 'Deleted Secret not found: demo-secret');
  expectKeyVaultError(await rawRequest(lab, 'POST', '/deletedsecrets/demo-secret/recover?api-version=7.4', { token }), 404, 'SecretNotFound');
});
