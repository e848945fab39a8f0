import { SignJWT, generateKeyPair } from 'jose';
import type { FedlabEvent } from '../../src/core/events.js';
import { expectAadsts } from './helpers/expect-aadsts.js';
import { AUDIENCE, CLIENT_ID, federatedForm, JWT_BEARER, startTestEntra, TAGGED_CLIENT_ID, TENANT_ID, TOKEN_EXCHANGE, VAULT, WORKLOAD_ARN, type TestEntra } from './helpers/test-entra.js';
import { EXCHANGE_CHECKS } from '../../src/entra/exchange/pipeline.js';

let lab: TestEntra;
const events: FedlabEvent[] = [];
beforeAll(async () => {
  lab = await startTestEntra();
  lab.ctx.events.subscribe((e) => events.push(e));
});
afterAll(() => lab.close());

const now = () => Math.floor(Date.now() / 1000);
const mint = (...args: Parameters<TestEntra['issuer']['mint']>) => lab.issuer.mint(...args);
const GUID_RE = '[0-9a-f-]{36}';
const escapeRe = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('request, tenant, grant and client', () => {
  test('a parameter sent twice: AADSTS9000411', async () => {
    const response = await lab.token({ ...federatedForm(await mint()), scope: [`${VAULT}/.default`, `${VAULT}/.default`] });
    expectAadsts(response, { status: 400, error: 'invalid_request', code: 9000411, check: 'request-parameters', message: /^The request is not properly formatted\. The parameter 'scope' is duplicated\.$/ });
  });

  test('a tenant segment that is no identifier: AADSTS900023', async () => {
    const response = await lab.token(federatedForm(await mint()), { path: '/not%20a%20tenant!/oauth2/v2.0/token' });
    expectAadsts(response, { status: 400, error: 'invalid_request', code: 900023, check: 'tenant', message: /^Specified tenant identifier 'not a tenant!' is neither a valid DNS name, nor a valid external domain\.$/ });
  });

  test('an unknown tenant at the token endpoint: AADSTS90002 invalid_request', async () => {
    const response = await lab.token(federatedForm(await mint()), { path: '/contoso.example/oauth2/v2.0/token' });
    expectAadsts(response, { status: 400, error: 'invalid_request', code: 90002, check: 'tenant', message: /^Tenant 'contoso\.example' not found\. Check to make sure you have the correct tenant ID/ });
  });

  test('no grant_type: AADSTS900144', async () => {
    const { grant_type: _omitted, ...form } = federatedForm(await mint());
    expectAadsts(await lab.token(form), { status: 400, error: 'invalid_request', code: 900144, check: 'grant-type', message: /^The request body must contain the following parameter: 'grant_type'\.$/ });
  });

  test('a JSON body is not a form: AADSTS900144 for grant_type', async () => {
    const response = await lab.fetch(`${lab.authorityHost}/${TENANT_ID}/oauth2/v2.0/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(federatedForm('x')) });
    expectAadsts({ status: response.status, headers: response.headers, body: await response.json() }, { status: 400, error: 'invalid_request', code: 900144, check: 'grant-type', message: /'grant_type'/ });
  });

  test('an unsupported grant type: AADSTS70003', async () => {
    const response = await lab.token(federatedForm(await mint(), { grant_type: 'password' }));
    expectAadsts(response, { status: 400, error: 'unsupported_grant_type', code: 70003, check: 'grant-type', message: /^The app requested an unsupported grant type 'password'\.$/ });
  });

  test('no client_id: AADSTS900144', async () => {
    const { client_id: _omitted, ...form } = federatedForm(await mint());
    expectAadsts(await lab.token(form), { status: 400, error: 'invalid_request', code: 900144, check: 'client', message: /'client_id'/ });
  });

  test('a client_id that is not a GUID: AADSTS700038', async () => {
    expectAadsts(await lab.token(federatedForm(await mint(), { client_id: 'aws-workload' })), { status: 400, error: 'unauthorized_client', code: 700038, check: 'client', message: /^aws-workload is not a valid application identifier\.$/ });
  });

  test('an application the tenant does not have: AADSTS700016', async () => {
    const clientId = '99999999-9999-4999-8999-999999999999';
    expectAadsts(await lab.token(federatedForm(await mint(), { client_id: clientId })), {
      status: 400,
      error: 'unauthorized_client',
      code: 700016,
      check: 'client',
      message: new RegExp(`^Application with identifier '${clientId}' was not found in the directory 'fedlab'\\.`),
    });
  });
});

describe('client authentication', () => {
  test('neither assertion nor secret: AADSTS7000218', async () => {
    const { client_assertion: _a, client_assertion_type: _t, ...form } = federatedForm('x');
    expectAadsts(await lab.token(form), { status: 401, error: 'invalid_client', code: 7000218, check: 'assertion-present', message: /^The request body must contain the following parameter: 'client_assertion' or 'client_secret'\.$/ });
  });

  test('a client secret for an app without secrets: AADSTS7000215 at the client-secret check', async () => {
    const { client_assertion: _a, client_assertion_type: _t, ...form } = federatedForm('x');
    expectAadsts(await lab.token({ ...form, client_secret: 'hunter2' }), { status: 401, error: 'invalid_client', code: 7000215, check: 'client-secret', message: /^Invalid client secret provided\./ });
  });

  test('no client_assertion_type: AADSTS900144', async () => {
    const { client_assertion_type: _t, ...form } = federatedForm(await mint());
    expectAadsts(await lab.token(form), { status: 400, error: 'invalid_request', code: 900144, check: 'assertion-present', message: /'client_assertion_type'/ });
  });

  test('another client_assertion_type: AADSTS9002313', async () => {
    expectAadsts(await lab.token(federatedForm(await mint(), { client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:saml2-bearer' })), {
      status: 400,
      error: 'invalid_request',
      code: 9002313,
      check: 'assertion-present',
      message: /^Invalid request\. Request is malformed or invalid\.$/,
    });
  });
});

describe('the assertion', () => {
  test('not a JWT: AADSTS50027', async () => {
    expectAadsts(await lab.token(federatedForm('not-a-jwt')), { status: 400, error: 'invalid_request', code: 50027, check: 'assertion-format', message: /^JWT token is invalid or malformed\.$/ });
  });

  test('a JWT without exp: AADSTS50027, and the trace says why', async () => {
    const correlationId = '0b6e1b9c-4b0c-4d3c-9b7e-3f7a2c1d0e01';
    const response = await lab.token(federatedForm(await mint({ claims: { exp: undefined } }), { 'client-request-id': correlationId }));
    expectAadsts(response, { status: 400, error: 'invalid_request', code: 50027, check: 'assertion-format', message: /^JWT token is invalid or malformed\.$/ });
    expect(response.body.correlation_id).toBe(correlationId);
    const event = events.find((e) => e.correlationId === correlationId)!;
    expect(event).toMatchObject({ party: 'entra', type: 'exchange-rejected', failedCheck: 'assertion-format', code: 50027, detail: 'exp must be a number' });
    expect((event.trace as { check: string; outcome: string }[]).map((r) => `${r.check}:${r.outcome}`)).toEqual([
      'request-parameters:passed',
      'tenant:passed',
      'grant-type:passed',
      'client:passed',
      'service-principal-enabled:passed',
      'secret-beside-assertion:passed',
      'assertion-present:passed',
      'assertion-format:failed',
      // Every later check of the pipeline did not run.
      ...EXCHANGE_CHECKS.slice(EXCHANGE_CHECKS.findIndex((c) => c.name === 'assertion-format') + 1).map((c) => `${c.name}:not-run`),
    ]);
  });

  test('a token issued by Entra: AADSTS700222', async () => {
    const entraToken = await mint({ claims: { iss: `https://login.microsoftonline.com/${TENANT_ID}/v2.0` } });
    expectAadsts(await lab.token(federatedForm(entraToken)), { status: 401, error: 'invalid_client', code: 700222, check: 'not-entra-issued', message: /^AAD-issued tokens may not be used for federated identity flows\.$/ });
  });

  test("a token this fake Entra issued: AADSTS700222", async () => {
    const own = await lab.token(federatedForm(await mint(), { scope: 'api://fedlab-orders/.default' }));
    expect(own.status).toBe(200);
    expectAadsts(await lab.token(federatedForm(own.body.access_token)), { status: 401, error: 'invalid_client', code: 700222, check: 'not-entra-issued', message: /^AAD-issued/ });
  });

  test('an issuer no credential names: AADSTS700211, and nothing is fetched from it', async () => {
    const before = { ...lab.issuer.requests };
    const response = await lab.token(federatedForm(await mint({ claims: { iss: 'https://oidc.example.com/other' } })));
    expectAadsts(response, {
      status: 401,
      error: 'invalid_client',
      code: 700211,
      check: 'federated-credential',
      message: /^No matching federated identity record found for presented assertion issuer 'https:\/\/oidc\.example\.com\/other'\. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion\. https:\/\/docs\.microsoft\.com\/en-us\/azure\/active-directory\/develop\/workload-identity-federation$/,
    });
    expect(lab.issuer.requests).toEqual(before);
  });

  test('the right subject with another audience: AADSTS700212', async () => {
    expectAadsts(await lab.token(federatedForm(await mint({ claims: { aud: 'api:AzureADTokenExchange' } }))), {
      status: 401,
      error: 'invalid_client',
      code: 700212,
      check: 'federated-credential',
      message: /^No matching federated identity record found for presented assertion audience 'api:AzureADTokenExchange'\. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion\. https:\/\/docs\.microsoft\.com\/en-us\/azure\/active-directory\/develop\/workload-identity-federation$/,
    });
  });

  test('an audience array with a second audience does not match: AADSTS700212', async () => {
    const response = await lab.token(federatedForm(await mint({ claims: { aud: [AUDIENCE, 'https://third-party.example'] } })));
    expectAadsts(response, { status: 401, error: 'invalid_client', code: 700212, check: 'federated-credential', message: /audience 'api:\/\/AzureADTokenExchange,https:\/\/third-party\.example'/ });
  });

  test('another subject: AADSTS700213', async () => {
    expectAadsts(await lab.token(federatedForm(await mint({ claims: { sub: 'arn:aws:iam::111122223333:role/fedlab-restricted' } }))), {
      status: 401,
      error: 'invalid_client',
      code: 700213,
      check: 'federated-credential',
      message: /^No matching federated identity record found for presented assertion subject 'arn:aws:iam::111122223333:role\/fedlab-restricted'\. Check your federated identity credential/,
    });
  });

  test('a subject that differs only in case: AADSTS7002138', async () => {
    expectAadsts(await lab.token(federatedForm(await mint({ claims: { sub: WORKLOAD_ARN.toUpperCase() } }))), {
      status: 401,
      error: 'invalid_client',
      code: 7002138,
      check: 'federated-credential',
      message: /The subject matches with case-insensitive comparison, but not with case-sensitive comparison\./,
    });
  });

  test('an HMAC token: AADSTS700027 before any key is fetched', async () => {
    const valid = await mint();
    const payload = JSON.parse(Buffer.from(valid.split('.')[1]!, 'base64url').toString());
    const hmac = await new SignJWT(payload).setProtectedHeader({ kid: 'RSA_0', typ: 'JWT', alg: 'HS256' }).sign(new TextEncoder().encode('a-shared-secret-of-32-bytes-long!'));
    expectAadsts(await lab.token(federatedForm(hmac)), { status: 401, error: 'invalid_client', code: 700027, check: 'signing-algorithm', message: /^Client assertion failed signature validation\.$/ });
  });

  test('a kid the issuer does not publish: AADSTS7000272 naming the kid and issuer', async () => {
    const kid = await lab.issuer.rotate('RS256');
    lab.issuer.unpublish(kid);
    const response = await lab.token(federatedForm(await mint({ kid })));
    expectAadsts(response, {
      status: 401,
      error: 'invalid_client',
      code: 7000272,
      check: 'signing-key',
      message: new RegExp(`^The certificate with identifier ${kid} used to sign the federated credential could not be found in the metadata of identity provider ${lab.issuer.issuer.replace(/[.]/g, '\\.')}\\. Please validate`),
    });
  });

  test('a signature that does not verify: AADSTS700027', async () => {
    const [header, payload] = (await mint()).split('.');
    const otherSignature = (await mint({ claims: { jti: 'another' } })).split('.')[2];
    expectAadsts(await lab.token(federatedForm(`${header}.${payload}.${otherSignature}`)), { status: 401, error: 'invalid_client', code: 700027, check: 'signature', message: /^Client assertion failed signature validation\.$/ });
  });

  test('a signature by a key that only claims the issuer kid: AADSTS700027', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const payload = JSON.parse(Buffer.from((await mint()).split('.')[1]!, 'base64url').toString());
    const forged = await new SignJWT(payload).setProtectedHeader({ kid: 'RSA_0', typ: 'JWT', alg: 'RS256' }).sign(privateKey);
    expectAadsts(await lab.token(federatedForm(forged)), { status: 401, error: 'invalid_client', code: 700027, check: 'signature', message: /signature validation/ });
  });

  test('an expired token: AADSTS700024 with .NET-style times, nbf printed as 1970 when absent', async () => {
    const iat = now() - 3600;
    const response = await lab.token(federatedForm(await mint({ iat, lifetimeSeconds: 300 })));
    const exp = new Date((iat + 300) * 1000).toISOString().replace('.000Z', '.0000000Z');
    expectAadsts(response, {
      status: 401,
      error: 'invalid_client',
      code: 700024,
      check: 'time-window',
      message: new RegExp(
        `^Client assertion is not within its valid time range\\. Current time: \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{7}Z, assertion valid from 1970-01-01T00:00:00\\.0000000Z, expiry time of assertion ${exp.replace(/\./g, '\\.')}\\. Review the documentation at https://learn\\.microsoft\\.com/entra/identity-platform/certificate-credentials \\.$`,
      ),
    });
  });

  test('a token not valid yet (nbf beyond the skew): AADSTS700024', async () => {
    const response = await lab.token(federatedForm(await mint({ claims: { nbf: now() + 900 }, lifetimeSeconds: 1800 })));
    expectAadsts(response, { status: 401, error: 'invalid_client', code: 700024, check: 'time-window', message: /assertion valid from \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.0000000Z/ });
  });

  test('a token living longer than 25 hours: AADSTS70023', async () => {
    const iat = now();
    const response = await lab.token(federatedForm(await mint({ iat, lifetimeSeconds: 26 * 3600 })));
    expectAadsts(response, {
      status: 401,
      error: 'invalid_client',
      code: 70023,
      check: 'lifetime',
      message: new RegExp(`^External OIDC Provider token must have a lifetime of less than or equal to 1\\.01:00:00\\. Token issued at ${iat}\\. Token expires on ${iat + 26 * 3600}\\.$`),
    });
  });

  test('a flexible credential whose expression does not hold: AADSTS7002131 at the claims-expression check', async () => {
    const response = await lab.token(federatedForm(await mint({ claims: { 'https://sts.amazonaws.com/': { aws_account: '111122223333', principal_tags: { team: 'analytics' } } } }), { client_id: TAGGED_CLIENT_ID }));
    expectAadsts(response, { status: 401, error: 'invalid_client', code: 7002131, check: 'claims-expression', message: new RegExp(
        `^No matching federated identity record found for presented assertion subject '${escapeRe(WORKLOAD_ARN)}'\\. The claims matching expression of the federated identity credential does not match the presented assertion\\. Check your federated identity credential against the presented assertion\\. https://learn\\.microsoft\\.com/entra/workload-id/workload-identity-federation$`,
      ),
    });
    expect(events.at(-1)).toMatchObject({ failedCheck: 'claims-expression', detail: expect.stringContaining(`['principal_tags']['team'] eq 'platform' does not hold (claim is "analytics")`) });
  });
});

describe('the requested resource', () => {
  test('a scope without /.default: AADSTS1002012', async () => {
    expectAadsts(await lab.token(federatedForm(await mint(), { scope: 'https://graph.microsoft.com/User.Read' })), {
      status: 400,
      error: 'invalid_scope',
      code: 1002012,
      check: 'target-resource',
      message: /^The provided value for scope https:\/\/graph\.microsoft\.com\/User\.Read is not valid\. Client credential flows must have a scope value with \/\.default suffixed/,
    });
  });

  test('two resources: AADSTS700022', async () => {
    expectAadsts(await lab.token(federatedForm(await mint(), { scope: `${VAULT}/.default https://graph.microsoft.com/.default` })), {
      status: 400,
      error: 'invalid_scope',
      code: 700022,
      check: 'target-resource',
      message: new RegExp(`^Provided value for the input parameter scope is not valid because it contains more than one resource\\. Scope ${escapeRe(`${VAULT}/.default https://graph.microsoft.com/.default`)} is not valid\\.$`),
    });
  });

  test('a resource the tenant does not have: AADSTS500011', async () => {
    expectAadsts(await lab.token(federatedForm(await mint(), { scope: 'https://storage.azure.com/.default' })), {
      status: 400,
      error: 'invalid_resource',
      code: 500011,
      check: 'target-resource',
      message: /^The resource principal named https:\/\/storage\.azure\.com was not found in the tenant named fedlab\./,
    });
  });

  test('/.default alone: AADSTS70011', async () => {
    expectAadsts(await lab.token(federatedForm(await mint(), { scope: '/.default' })), {
      status: 400,
      error: 'invalid_scope',
      code: 70011,
      check: 'target-resource',
      message: /^The provided value for the input parameter 'scope' is not valid\. The scope \/\.default is not valid\.$/,
    });
  });

  test('no scope at v2: AADSTS900144', async () => {
    const { scope: _s, ...form } = federatedForm(await mint());
    expectAadsts(await lab.token(form), { status: 400, error: 'invalid_request', code: 900144, check: 'target-resource', message: /'scope'/ });
  });

  test('no resource at v1: AADSTS900144', async () => {
    const { scope: _s, ...form } = federatedForm(await mint());
    expectAadsts(await lab.token(form, { path: `/${TENANT_ID}/oauth2/token` }), { status: 400, error: 'invalid_request', code: 900144, check: 'target-resource', message: /'resource'/ });
  });
});

describe('the endpoint', () => {
  test('GET on the token endpoint: AADSTS900561', async () => {
    for (const path of [`/${TENANT_ID}/oauth2/v2.0/token`, `/${TENANT_ID}/oauth2/token`]) {
      const response = await lab.fetch(`${lab.authorityHost}${path}`);
      expectAadsts({ status: response.status, headers: response.headers, body: await response.json() }, {
        status: 400,
        error: 'invalid_request',
        code: 900561,
        check: 'http-method',
        message: /^The endpoint only accepts POST, OPTIONS requests\. Received a GET request\.$/,
      });
    }
  });

  test('a body over the size limit: AADSTS9002313 with status 413, never an HTML page', async () => {
    const response = await lab.token(federatedForm('x'.repeat(70_000)));
    expectAadsts(response, { status: 413, error: 'invalid_request', code: 9002313, check: 'request-body', message: /^Invalid request\./ });
  });

  test('the correlation id echoes client-request-id from the query, as msal sends it', async () => {
    const id = 'a1b2c3d4-0000-4000-8000-00000000c0de';
    const response = await lab.token(federatedForm('bad'), { path: `/${TENANT_ID}/oauth2/v2.0/token?client-request-id=${id}` });
    expect(response.body.correlation_id).toBe(id);
    expect(response.body.error_description).toMatch(new RegExp(`Trace ID: ${GUID_RE} Correlation ID: ${id} `));
    expect(response.headers.get('x-ms-request-id')).toBe(response.body.trace_id);
  });

  test('unknown parameters are ignored, even ones named like Object methods', async () => {
    const response = await lab.token({ ...federatedForm(await mint()), hasOwnProperty: 'x', ['__proto__']: 'y', 'x-client-SKU': 'msal.js.node', claims: '{"access_token":{"xms_cc":{"values":["cp1"]}}}' } as Record<string, string>);
    expect(response.status).toBe(200);
  });

  test('an unknown path is a JSON 404', async () => {
    const response = await lab.fetch(`${lab.authorityHost}/${TENANT_ID}/oauth2/v2.0/authorize`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: 'not_found' });
  });
});

describe('strict mode: only what real Entra accepts', () => {
  let strict: TestEntra;
  beforeAll(async () => {
    strict = await startTestEntra((c) => {
      c.strict = true;
      c.extendedClaimsExpressions = false;
      // Nested claim access is a fedlab extension: strict configs cannot have the tag-matched app.
      c.tenants[0].applications.pop();
    });
  });
  afterAll(() => strict?.close());

  test('the RFC 8693 grant is refused with AADSTS70003, as real Entra does', async () => {
    const response = await strict.token({ grant_type: TOKEN_EXCHANGE, client_id: CLIENT_ID, subject_token: await strict.issuer.mint(), subject_token_type: 'urn:ietf:params:oauth:token-type:jwt', scope: `${VAULT}/.default` });
    expectAadsts(response, { status: 400, error: 'unsupported_grant_type', code: 70003, check: 'grant-type', message: /^The app requested an unsupported grant type 'urn:ietf:params:oauth:grant-type:token-exchange'\.$/ });
  });

  test('ES384 assertions are refused (RS256 only)', async () => {
    expectAadsts(await strict.token(federatedForm(await strict.issuer.mint({ alg: 'ES384' }))), { status: 401, error: 'invalid_client', code: 700027, check: 'signing-algorithm', message: /signature validation/ });
  });

  test('an http issuer cannot be fetched: AADSTS50166', async () => {
    expectAadsts(await strict.token(federatedForm(await strict.issuer.mint())), { status: 400, error: 'invalid_request', code: 50166, check: 'issuer-metadata', message: /^Request to External OIDC endpoint failed\.$/ });
  });
});

test('the client_assertion_type constant is the one msal sends', () => {
  expect(JWT_BEARER).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
});
