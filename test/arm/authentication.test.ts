import type { FedlabConfigInput } from '../../src/config.js';
import { startFedlab, type Fedlab } from '../../src/start-fedlab.js';
import { defaultConfigObject, withFreePorts } from '../helpers/temp-config.js';

const TENANT = '8c1f6a52-3c0e-4f2e-9d51-6f0b1d2a7e10';
const SUB = 'd2a7e10f-6a52-4c0e-8f2e-9d518c1f6a52';
const LIST = `/subscriptions/${SUB}/resourceGroups/fedlab-rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities?api-version=2024-11-30`;

let fedlab: Fedlab;
beforeAll(async () => {
  const config = withFreePorts(defaultConfigObject());
  delete config.console;
  delete config.github;
  fedlab = await startFedlab({ config: config as FedlabConfigInput });
});
afterAll(() => fedlab.close());

const call = (path: string, authorization?: string) => fedlab.fetch(fedlab.urls.arm!.url + path, { headers: authorization ? { authorization } : {} });
const token = (scope: string) => fedlab.assertionCredential().getToken(scope).then((t) => t.token);

test('the embedded defaults run ARM on its own HTTPS listener; urls.arm.url names it', async () => {
  expect(fedlab.urls.arm!.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  expect(fedlab.listeners.arm).toBe(fedlab.urls.arm!.url);
  const health = await call('/health');
  expect(await health.json()).toEqual({ status: 'ok', party: 'arm' });
});

test("no Authorization header: ARM's 401 AuthenticationFailed with a Bearer challenge naming the tenant's authority", async () => {
  const response = await call(LIST);
  expect(response.status).toBe(401);
  expect(await response.json()).toEqual({ error: { code: 'AuthenticationFailed', message: "Authentication failed. The 'Authorization' header is missing." } });
  const challenge = response.headers.get('www-authenticate')!;
  expect(challenge).toBe(`Bearer authorization_uri="${fedlab.urls.entra!.authorityHost}/${TENANT}", error="invalid_token", error_description="Authentication failed. The 'Authorization' header is missing."`);
  expect(response.headers.get('x-fedlab-failed-check')).toBe('authorization-header');
});

test('a header that is not a bearer token is AuthenticationFailed (invalid format)', async () => {
  const response = await call(LIST, 'Basic dXNlcjpwYXNz');
  expect(response.status).toBe(401);
  expect((await response.json()).error).toEqual({ code: 'AuthenticationFailed', message: "Authentication failed. The 'Authorization' header is provided in an invalid format." });
});

test('a bearer value that is no JWT, or whose signature was altered, is InvalidAuthenticationToken', async () => {
  const garbage = await call(LIST, 'Bearer not-a-jwt');
  expect(garbage.status).toBe(401);
  expect((await garbage.json()).error).toEqual({ code: 'InvalidAuthenticationToken', message: 'The access token is invalid.' });
  const good = await token('https://management.azure.com/.default');
  const [h, p, s] = good.split('.');
  const tampered = `${h}.${p}.${s!.startsWith('A') ? 'B' : 'A'}${s!.slice(1)}`;
  const altered = await call(LIST, `Bearer ${tampered}`);
  expect(altered.status).toBe(401);
  expect((await altered.json()).error).toEqual({ code: 'InvalidAuthenticationToken', message: 'The access token signature is invalid.' });
  expect(altered.headers.get('x-fedlab-failed-check')).toBe('signature');
});

test("a Key Vault token is refused with ARM's InvalidAuthenticationTokenAudience message", async () => {
  const response = await call(LIST, `Bearer ${await token('https://vault.azure.net/.default')}`);
  expect(response.status).toBe(401);
  expect((await response.json()).error).toEqual({
    code: 'InvalidAuthenticationTokenAudience',
    message: "The access token has been obtained for wrong audience or resource 'https://vault.azure.net'. It should exactly match with one of the allowed audiences 'https://management.core.windows.net/','https://management.core.windows.net','https://management.azure.com/','https://management.azure.com'.",
  });
});

test('a management token passes authentication: the request reaches the resource provider routes', async () => {
  const response = await call(`/subscriptions/${SUB}/providers/Microsoft.Nothing/things?api-version=2024-11-30`, `Bearer ${await token('https://management.azure.com/.default')}`);
  expect(response.status).toBe(404);
  expect((await response.json()).error.code).toBe('InvalidResourceType');
  expect(response.headers.get('x-fedlab-failed-check')).toBeNull();
});

test("a token past its expiry (ARM's clock moved 2 h ahead at its /_fedlab/clock) is ExpiredAuthenticationToken", async () => {
  const management = await token('https://management.azure.com/.default');
  const clock = (offsetSeconds: number) => fedlab.fetch(`${fedlab.urls.arm!.url}/_fedlab/clock`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ offsetSeconds }) });
  expect((await clock(7200)).status).toBe(200);
  try {
    const response = await call(LIST, `Bearer ${management}`);
    expect(response.status).toBe(401);
    const { error } = await response.json();
    expect(error.code).toBe('ExpiredAuthenticationToken');
    expect(error.message).toMatch(/^The access token expiry UTC time '\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2}:\d{2} [AP]M' is earlier than current UTC time '.+'\.$/);
  } finally {
    await clock(0);
  }
});

test("Entra's /_fedlab/managed-identities checks what ARM writes: a bad document is 400, another application's client id 409", async () => {
  const base = `${fedlab.listeners.entra}/_fedlab/managed-identities/${TENANT}/${SUB}/fedlab-rg`;
  const put = (name: string, body: unknown) => fedlab.fetch(`${base}/${name}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const two = await put('direct-mi', { location: 'eastus', federatedIdentityCredentials: [{ name: 'two', issuer: 'https://example.com', subject: 's', audiences: ['a', 'b'] }] });
  expect(two.status).toBe(400);
  expect((await two.json()).error.code).toBe('InvalidManagedIdentity');
  const clash = await put('clash-mi', { location: 'eastus', clientId: '4b7e2c1a-9f3d-4e8b-a6c5-2d1f0e9b8a71' });
  expect(clash.status).toBe(409);
  expect((await clash.json()).error.code).toBe('ClientIdTaken');
  expect((await fedlab.fetch(`${base}/nobody-mi`)).status).toBe(404);
});
