import { decodeJwt } from 'jose';
import { startFedlab, type Fedlab } from '../../src/start-fedlab.js';
import { expectAadsts } from '../entra/helpers/expect-aadsts.js';
import { ADMIN_APP_ID, ADMIN_SECRET, ADMIN_SP_ID, adminCredential, GRAPH_SCOPE, TENANT_ID, tokenRequest, WORKLOAD_APP_ID } from './support.js';

const WRONG_SECRET_MESSAGE = /^Invalid client secret provided\. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c61'\.$/;

let fedlab: Fedlab;
beforeAll(async () => {
  fedlab = await startFedlab({ ports: 'auto' });
});
afterAll(async () => {
  await fedlab?.close();
});

const secretForm = (overrides: Record<string, string> = {}) => ({ grant_type: 'client_credentials', client_id: ADMIN_APP_ID, client_secret: ADMIN_SECRET, scope: GRAPH_SCOPE, ...overrides });

test('client_secret in the form: a v1 Graph token with the granted role and appidacr "1"', async () => {
  const { status, body } = await tokenRequest(fedlab, secretForm());
  expect(status).toBe(200);
  expect(body).toMatchObject({ token_type: 'Bearer', expires_in: expect.any(Number) });
  expect(decodeJwt(body.access_token)).toMatchObject({
    aud: 'https://graph.microsoft.com',
    iss: `https://sts.windows.net/${TENANT_ID}/`,
    appid: ADMIN_APP_ID,
    appidacr: '1',
    oid: ADMIN_SP_ID,
    roles: ['Application.ReadWrite.All'],
    tid: TENANT_ID,
  });
  const accepted = fedlab.events.recent().filter((e) => e.type === 'exchange-accepted' && e.clientId === ADMIN_APP_ID).at(-1)!;
  expect((accepted.trace as { check: string }[]).map((r) => r.check)).toEqual(['request-parameters', 'tenant', 'grant-type', 'client', 'service-principal-enabled', 'client-secret', 'target-resource', 'conditional-access']);
});

test('@azure/identity ClientSecretCredential gets a Graph token from the fake Entra', async () => {
  const token = await adminCredential(fedlab).getToken(GRAPH_SCOPE);
  expect(decodeJwt(token.token)).toMatchObject({ appid: ADMIN_APP_ID, roles: ['Application.ReadWrite.All'] });
});

test('a wrong secret: 401 invalid_client AADSTS7000215, failed at the client-secret check', async () => {
  const response = await tokenRequest(fedlab, secretForm({ client_secret: 'fedlab~admin~EXAMPLE~secret~0000000000000001' }));
  expectAadsts(response, { status: 401, error: 'invalid_client', code: 7000215, check: 'client-secret', message: WRONG_SECRET_MESSAGE });
  const rejected = fedlab.events.recent().filter((e) => e.type === 'exchange-rejected').at(-1)!;
  expect(rejected).toMatchObject({ clientId: ADMIN_APP_ID, failedCheck: 'client-secret', code: 7000215 });
});

test('a secret of another length, or a prefix of the right one, is wrong too', async () => {
  for (const secret of [ADMIN_SECRET.slice(0, -1), `${ADMIN_SECRET}0`, 'x']) {
    expectAadsts(await tokenRequest(fedlab, secretForm({ client_secret: secret })), { status: 401, error: 'invalid_client', code: 7000215, check: 'client-secret', message: WRONG_SECRET_MESSAGE });
  }
});

test('ClientSecretCredential with a wrong secret surfaces AADSTS7000215', async () => {
  await expect(adminCredential(fedlab, 'not-the-secret').getToken(GRAPH_SCOPE)).rejects.toThrow(/AADSTS7000215/);
});

test('an application without secrets: AADSTS7000215 for any client_secret', async () => {
  const response = await tokenRequest(fedlab, secretForm({ client_id: WORKLOAD_APP_ID, client_secret: ADMIN_SECRET }));
  expectAadsts(response, { status: 401, error: 'invalid_client', code: 7000215, check: 'client-secret', message: /for a secret added to app '4b7e2c1a-9f3d-4e8b-a6c5-2d1f0e9b8a71'\.$/ });
});

test('client_secret_basic: the secret in an HTTP Basic header works like the form parameter', async () => {
  const basic = Buffer.from(`${encodeURIComponent(ADMIN_APP_ID)}:${encodeURIComponent(ADMIN_SECRET)}`).toString('base64');
  const { client_id: _id, client_secret: _secret, ...form } = secretForm();
  const ok = await tokenRequest(fedlab, form, { authorization: `Basic ${basic}` });
  expect(ok.status).toBe(200);
  expect(decodeJwt(ok.body.access_token)).toMatchObject({ appid: ADMIN_APP_ID, appidacr: '1' });

  const wrong = Buffer.from(`${ADMIN_APP_ID}:wrong`).toString('base64');
  expectAadsts(await tokenRequest(fedlab, form, { authorization: `Basic ${wrong}` }), { status: 401, error: 'invalid_client', code: 7000215, check: 'client-secret', message: WRONG_SECRET_MESSAGE });
  // Two client authentication methods at once: the secret arrives twice.
  expectAadsts(await tokenRequest(fedlab, secretForm(), { authorization: `Basic ${wrong}` }), {
    status: 400,
    error: 'invalid_request',
    code: 9000411,
    check: 'request-parameters',
    message: /^The request is not properly formatted\. The parameter 'client_secret' is duplicated\.$/,
  });
});

test('a client_secret together with a client assertion is checked as an assertion', async () => {
  const response = await tokenRequest(fedlab, secretForm({ client_assertion: 'not-a-jwt', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' }));
  expectAadsts(response, { status: 400, error: 'invalid_request', code: 50027, check: 'assertion-format', message: /^JWT token is invalid or malformed\.$/ });
});
