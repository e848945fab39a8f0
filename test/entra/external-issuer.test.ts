import { decodeJwt } from 'jose';
import { expectAadsts } from './helpers/expect-aadsts.js';
import { startFakeIssuer, type FakeIssuer } from './helpers/fake-issuer.js';
import { federatedForm, startTestEntra, VAULT, type TestEntra } from './helpers/test-entra.js';

const OIDC_FAILED = { status: 400, error: 'invalid_request', code: 50166, check: 'issuer-metadata', message: /^Request to External OIDC endpoint failed\.$/ };

describe('with fresh metadata on every request (no cache, no cooldown)', () => {
  let issuer: FakeIssuer;
  let lab: TestEntra;
  beforeAll(async () => {
    issuer = await startFakeIssuer();
    lab = await startTestEntra((c) => (c.externalIssuers = { cacheMaxAgeSeconds: 0, cooldownSeconds: 0, timeoutMs: 300 }), issuer);
  });
  afterAll(async () => {
    await lab.close();
    await issuer.close();
  });
  afterEach(() => {
    issuer.heal();
    lab.entra.issuerKeys.forget();
  });

  test.each(['RS256', 'ES384'] as const)('%s assertions, as AWS signs them, are accepted', async (alg) => {
    const assertion = await issuer.mint({ alg });
    expect(JSON.parse(Buffer.from(assertion.split('.')[0]!, 'base64url').toString())).toEqual({ kid: alg === 'RS256' ? 'RSA_0' : 'EC384_0', typ: 'JWT', alg });
    const response = await lab.token(federatedForm(assertion));
    expect(response.status).toBe(200);
    expect(decodeJwt(response.body.access_token).aud).toBe(VAULT);
  });

  test.each([
    ['discovery answers 500', (i: FakeIssuer) => i.fail('discovery', 500)],
    ['JWKS answers 503', (i: FakeIssuer) => i.fail('jwks', 503)],
    ['discovery is not JSON', (i: FakeIssuer) => i.malformed('discovery')],
    ['JWKS is not JSON', (i: FakeIssuer) => i.malformed('jwks')],
    ['the issuer is slower than the fetch timeout', (i: FakeIssuer) => i.slow(1000)],
  ])('%s: AADSTS50166', async (_what, breakIt) => {
    breakIt(issuer);
    const response = await lab.token(federatedForm(await issuer.mint()));
    expectAadsts(response, OIDC_FAILED);
  });

  test('a published key that does not import: AADSTS50166, never a 500', async () => {
    const kid = await issuer.rotate('ES384');
    issuer.corrupt(kid, { x: 'not*base64url', crv: 'P-384' });
    const response = await lab.token(federatedForm(await issuer.mint({ alg: 'ES384', kid })));
    issuer.unpublish(kid);
    expectAadsts(response, OIDC_FAILED);
  });

  test('while the issuer fails, the last good key set keeps working', async () => {
    expect((await lab.token(federatedForm(await issuer.mint()))).status).toBe(200);
    issuer.fail('jwks', 500);
    expect((await lab.token(federatedForm(await issuer.mint()))).status).toBe(200);
  });

  test('the failure reason is in the trace, not in the answer', async () => {
    issuer.fail('discovery', 500);
    const correlationId = 'badd15c0-0000-4000-8000-000000050166';
    const response = await lab.token(federatedForm(await issuer.mint(), { 'client-request-id': correlationId }));
    expect(response.body.error_description).not.toContain('HTTP 500');
    const trace = await (await lab.fetch(`${lab.authorityHost}/_fedlab/traces/${correlationId}`)).json();
    expect(trace.trace.find((r: { outcome: string }) => r.outcome === 'failed')).toMatchObject({ check: 'issuer-metadata', code: '50166', detail: expect.stringContaining('HTTP 500') });
  });
});

describe('with the default cache', () => {
  let issuer: FakeIssuer;
  let lab: TestEntra;
  beforeAll(async () => {
    issuer = await startFakeIssuer();
    lab = await startTestEntra(() => {}, issuer);
  });
  afterAll(async () => {
    await lab.close();
    await issuer.close();
  });

  test('discovery and JWKS are fetched once for many exchanges', async () => {
    for (let i = 0; i < 3; i++) expect((await lab.token(federatedForm(await issuer.mint()))).status).toBe(200);
    expect(issuer.requests).toEqual({ discovery: 1, jwks: 1 });
  });

  test('within the cooldown an unknown kid is not refetched: AADSTS7000272', async () => {
    const kid = await issuer.rotate('RS256');
    const response = await lab.token(federatedForm(await issuer.mint({ kid })));
    expectAadsts(response, { status: 401, error: 'invalid_client', code: 7000272, check: 'signing-key', message: new RegExp(`^The certificate with identifier ${kid} `) });
    expect(issuer.requests).toEqual({ discovery: 1, jwks: 1 });
  });
});

describe('with a cache but no cooldown', () => {
  let issuer: FakeIssuer;
  let lab: TestEntra;
  beforeAll(async () => {
    issuer = await startFakeIssuer();
    lab = await startTestEntra((c) => (c.externalIssuers = { cacheMaxAgeSeconds: 600, cooldownSeconds: 0, timeoutMs: 1000 }), issuer);
  });
  afterAll(async () => {
    await lab.close();
    await issuer.close();
  });

  test('a rotated issuer key (unknown kid) makes Entra fetch the JWKS again, once', async () => {
    expect((await lab.token(federatedForm(await issuer.mint()))).status).toBe(200);
    await issuer.rotate('RS256');
    expect((await lab.token(federatedForm(await issuer.mint()))).status).toBe(200);
    expect((await lab.token(federatedForm(await issuer.mint()))).status).toBe(200);
    expect(issuer.requests).toEqual({ discovery: 2, jwks: 2 });
  });
});
