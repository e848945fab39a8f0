import { gzipSync } from 'node:zlib';
import { request } from 'node:http';
import { expect } from '@jest/globals';
import { decodeJwt } from 'jose';
import { expectAnswer, expectEntra, expectHygiene, expectRejection } from '../helpers/expect-answer.js';
import { P384_N, withSignature } from '../helpers/jws.js';
import { CLIENT_ID, OTHER_CLIENT_ID, SECOND_ARN, startSecurityLab, TENANT_ID, VAULT, type HttpAnswer, type SecurityLab } from '../helpers/security-lab.js';
import type { ScenarioCase } from './case.js';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const JWT_TYPE = 'urn:ietf:params:oauth:token-type:jwt';

const form = (params: Record<string, string | string[]>) => {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const x of [v].flat()) body.append(k, x);
  return body.toString();
};
const caForm = (assertion: string, extra: Record<string, string | string[]> = {}) =>
  ({ client_id: CLIENT_ID, scope: `${VAULT}/.default`, grant_type: 'client_credentials', client_assertion: assertion, client_assertion_type: JWT_BEARER, ...extra }) as Record<string, string | string[]>;
const teForm = (token: string, extra: Record<string, string> = {}) =>
  ({ grant_type: TOKEN_EXCHANGE, client_id: CLIENT_ID, subject_token: token, subject_token_type: JWT_TYPE, scope: `${VAULT}/.default`, ...extra }) as Record<string, string>;

/** Family E (endpoint and protocol) and the form-level cases of C and D, on the Entra token endpoint and the vault. */
export const ENDPOINT_CASES: ScenarioCase[] = [
  {
    id: 'E-01',
    title: 'method and where the parameters sit',
    craft: 'GET, PUT, DELETE on the token endpoint; a POST with every parameter in the query string',
    answer: 'other methods: 400 AADSTS900561 (Entra\'s answer); query parameters are never read: 400 AADSTS900144 (grant_type missing)',
    paths: 'Entra token endpoint',
    async run(lab) {
      for (const method of ['GET', 'PUT', 'DELETE']) expectEntra(await lab.post('', { method }), 400, 'invalid_request', 900561);
      const token = await lab.kit('ca').sign();
      expectEntra(await lab.post('', { path: `/${TENANT_ID}/oauth2/v2.0/token?${form(caForm(token))}` }), 400, 'invalid_request', 900144);
    },
  },
  {
    id: 'E-02',
    title: 'content types other than a form',
    craft: 'a JSON body, text/plain, multipart/form-data, no Content-Type, a form declared charset=utf-16',
    answer: '400 JSON (AADSTS900144: no form parameters, or AADSTS9002313 for the charset); never a 500 or HTML',
    paths: 'Entra token endpoint',
    async run(lab) {
      const token = await lab.kit('ca').sign();
      const json = JSON.stringify(caForm(token));
      for (const type of ['application/json', 'text/plain', 'multipart/form-data; boundary=x']) expectEntra(await lab.post(json, { headers: { 'content-type': type } }), 400, 'invalid_request', 900144);
      expectEntra(await lab.post(form(caForm(token)), { headers: { 'content-type': '' } }), 400, 'invalid_request', 900144);
      expectEntra(await lab.post(form(caForm(token)), { headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-16' } }), 400, 'invalid_request', 9002313);
    },
  },
  {
    id: 'E-03',
    title: 'grant_type',
    craft: 'missing; password; authorization_code; saml2-bearer; jwt-bearer; Client_Credentials; token-exchange (short)',
    answer: 'missing: 400 AADSTS900144; others: 400 unsupported_grant_type AADSTS70003',
    paths: 'Entra token endpoint',
    async run(lab) {
      const token = await lab.kit('ca').sign();
      expectEntra(await lab.post(form({ ...caForm(token), grant_type: '' })), 400, 'invalid_request', 900144);
      for (const grant of ['password', 'authorization_code', 'urn:ietf:params:oauth:grant-type:saml2-bearer', 'urn:ietf:params:oauth:grant-type:jwt-bearer', 'Client_Credentials', 'token-exchange']) {
        expectEntra(await lab.post(form({ ...caForm(token), grant_type: grant })), 400, 'unsupported_grant_type', 70003);
      }
    },
  },
  {
    id: 'E-04',
    title: 'parameter rules of token exchange',
    craft: 'no subject_token; no subject_token_type; requested_token_type refresh_token or saml2; scope= (empty counts as omitted)',
    answer: '400 invalid_request: AADSTS900144 for missing ones, AADSTS9002313 for an unsupported requested_token_type',
    paths: 'TE',
    async run(lab) {
      const token = await lab.kit('te').sign();
      expectEntra(await lab.post(form({ ...teForm(token), subject_token: '' })), 400, 'invalid_request', 900144);
      expectEntra(await lab.post(form({ ...teForm(token), subject_token_type: '' })), 400, 'invalid_request', 900144);
      for (const type of ['urn:ietf:params:oauth:token-type:refresh_token', 'urn:ietf:params:oauth:token-type:saml2']) {
        expectEntra(await lab.post(form(teForm(token, { requested_token_type: type }))), 400, 'invalid_request', 9002313);
      }
      expectEntra(await lab.post(form(teForm(token, { scope: '' }))), 400, 'invalid_request', 900144);
    },
  },
  {
    id: 'E-05',
    title: 'validating the target',
    craft: 'audience=https://not-ours.example; scope naming an unknown resource',
    answer: '400 invalid_target AADSTS500011 (TE); 400 invalid_resource AADSTS500011 (CA)',
    paths: 'CA, TE',
    async run(lab) {
      const token = await lab.kit('te').sign();
      const { scope: _scope, ...withoutScope } = teForm(token);
      expectEntra(await lab.post(form({ ...withoutScope, audience: 'https://not-ours.example' })), 400, 'invalid_target', 500011);
      expectEntra(await lab.post(form(caForm(await lab.kit('ca').sign(), { scope: 'https://not-ours.example/.default' }))), 400, 'invalid_resource', 500011);
    },
  },
  {
    id: 'E-06',
    title: 'scope beyond .default, several resources',
    craft: 'scope https://vault.azure.net/secrets.read; scope naming two resources',
    answer: '400 invalid_scope: AADSTS1002012, AADSTS700022',
    paths: 'CA',
    async run(lab) {
      expectEntra(await lab.post(form(caForm(await lab.kit('ca').sign(), { scope: `${VAULT}/secrets.read` }))), 400, 'invalid_scope', 1002012);
      expectEntra(await lab.post(form(caForm(await lab.kit('ca').sign(), { scope: `${VAULT}/.default https://graph.microsoft.com/.default` }))), 400, 'invalid_scope', 700022);
    },
  },
  {
    id: 'E-07',
    title: 'how client authentication is combined',
    craft: 'client_credentials with no credential; a wrong or missing client_assertion_type; two JWTs concatenated; client_id of another app (its credential names another subject)',
    answer: '401 AADSTS7000218; 400 AADSTS9002313 / AADSTS900144; 400 AADSTS50027; 401 AADSTS700213',
    paths: 'CA',
    async run(lab) {
      const token = await lab.kit('ca').sign();
      expectEntra(await lab.post(form({ client_id: CLIENT_ID, scope: `${VAULT}/.default`, grant_type: 'client_credentials' })), 401, 'invalid_client', 7000218);
      expectEntra(await lab.post(form(caForm(token, { client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:saml2-bearer' }))), 400, 'invalid_request', 9002313);
      expectEntra(await lab.post(form(caForm(token, { client_assertion_type: '' }))), 400, 'invalid_request', 900144);
      expectEntra(await lab.post(form(caForm(`${token}.${token}`))), 400, 'invalid_request', 50027);
      expectEntra(await lab.post(form(caForm(token, { client_id: OTHER_CLIENT_ID }))), 401, 'invalid_client', 700213);
    },
  },
  {
    id: 'E-09',
    title: 'matching the federated credential (issuer, subject, audience, client)',
    craft: 'the second trusted issuer FI2 with its own subject (ACCEPT); FI2 with FI\'s subject; the right token for another client_id',
    answer: 'only the exact (iss, sub, aud) of the client\'s credential: ACCEPT; every variant 401 (AADSTS700213)',
    paths: 'CA, TE',
    async run(lab) {
      const fi2 = (sub: string) => lab.fi2.signRaw(JSON.stringify(lab.kit('ca').header('RS256')), JSON.stringify(lab.kit('ca').claims({ iss: lab.fi2.issuer, sub })), 'rsa1');
      expectAnswer('ca', await lab.send('ca', await fi2(SECOND_ARN)), 'accept');
      expectAnswer('te', await lab.send('te', await fi2(SECOND_ARN)), 'accept');
      const wrong = await fi2('arn:aws:iam::111122223333:role/fedlab-workload');
      expectRejection('ca', await lab.send('ca', wrong), 700213, wrong);
      expectRejection('te', await lab.send('te', wrong), 700213, wrong);
    },
  },
  {
    id: 'E-12',
    title: 'response hygiene on success',
    craft: 'an accepted exchange on both grants',
    answer: '200 JSON, Cache-Control no-store, Pragma no-cache, no Set-Cookie, no refresh_token',
    paths: 'CA, TE',
    async run(lab) {
      for (const path of ['ca', 'te'] as const) {
        const answer = await lab.send(path, await lab.kit(path).sign());
        expectAnswer(path, answer, 'accept');
        expect(answer.headers.pragma).toBe('no-cache');
        expect(answer.body.refresh_token).toBeUndefined();
      }
    },
  },
  {
    id: 'E-13',
    title: 'what a success response contains, and what the issued token is (C-22)',
    craft: 'an accepted token exchange',
    answer: 'access_token, issued_token_type, token_type Bearer, expires_in, scope; the token has one aud (the resource) and a lifetime within policy',
    paths: 'TE',
    async run(lab) {
      const answer = await lab.send('te', await lab.kit('te').sign());
      expect(Object.keys(answer.body).sort()).toEqual(['access_token', 'expires_in', 'issued_token_type', 'scope', 'token_type']);
      const claims = decodeJwt(answer.body.access_token);
      expect(claims.aud).toBe(VAULT);
      expect(claims.exp! - claims.iat!).toBeLessThanOrEqual(86400 + 300);
    },
  },
  {
    id: 'C-13',
    title: 'caller-controlled claims are not authorization input',
    craft: 'request_tags and principal_tags {"scope":"admin","role":"root","tenant":"other"} in the AWS namespace',
    answer: 'ACCEPT; the issued token\'s roles, tenant and audience equal the token issued without tags',
    paths: 'CA',
    async run(lab) {
      const kit = lab.kit('ca');
      const plain = decodeJwt((await lab.send('ca', await kit.sign())).body.access_token);
      const tags = { scope: 'admin', role: 'root', tenant: 'other', roles: 'Application.ReadWrite.All' };
      const tagged = decodeJwt((await lab.send('ca', await kit.sign({ claims: { 'https://sts.amazonaws.com/': { aws_account: '111122223333', request_tags: tags, principal_tags: tags } } }))).body.access_token);
      for (const claim of ['aud', 'tid', 'roles', 'oid', 'appid', 'scp']) expect(tagged[claim]).toEqual(plain[claim]);
    },
  },
  {
    id: 'C-15',
    title: 'replay of jti (entra.replayCache enabled; off by default)',
    craft: 'the same assertion twice, on CA then TE; with the cache off, twice accepted',
    answer: 'enabled: second use 400 AADSTS50027 (TE: invalid_request); disabled (default, as Entra): ACCEPT twice',
    paths: 'CA, TE',
    async run(lab) {
      const token = await lab.kit('ca').sign();
      expectAnswer('ca', await lab.send('ca', token), 'accept');
      expectAnswer('ca', await lab.send('ca', token), 'accept');
      const strict = await startSecurityLab({ entra: (config) => (config.replayCache = { enabled: true, maxEntries: 100 }) });
      try {
        const once = await strict.kit('ca').sign();
        expectAnswer('ca', await strict.send('ca', once), 'accept');
        expectEntra(await strict.send('ca', once), 400, 'invalid_request', 50027);
        expectRejection('te', await strict.send('te', once), 50027, once);
      } finally {
        await strict.close();
      }
    },
  },
  {
    id: 'C-16',
    title: 'replay under another encoding: ES384 (r, n - s) with the same jti',
    craft: 'with the replay cache on: a used ES384 assertion re-sent with s replaced by n - s (a valid signature, another string)',
    answer: '400 AADSTS50027: replay state is keyed on (iss, jti), not on the token string (other spellings: D-03)',
    paths: 'CA',
    async run() {
      const strict = await startSecurityLab({ entra: (config) => (config.replayCache = { enabled: true, maxEntries: 100 }) });
      try {
        const token = await strict.kit('ca').sign({ alg: 'ES384' });
        expectAnswer('ca', await strict.send('ca', token), 'accept');
        const n = BigInt(`0x${P384_N.toString('hex')}`);
        const twin = withSignature(token, (s) => Buffer.concat([s.subarray(0, 48), Buffer.from((n - BigInt(`0x${s.subarray(48).toString('hex')}`)).toString(16).padStart(96, '0'), 'hex')]));
        expect(twin).not.toBe(token);
        expectEntra(await strict.send('ca', twin), 400, 'invalid_request', 50027);
      } finally {
        await strict.close();
      }
    },
  },
  {
    id: 'C-19',
    title: 'subject_token_type that does not match',
    craft: 'a valid token with subject_token_type access_token, saml2, urn:example:unknown',
    answer: '400 invalid_request AADSTS9002313',
    paths: 'TE',
    async run(lab) {
      const token = await lab.kit('te').sign();
      for (const type of ['urn:ietf:params:oauth:token-type:access_token', 'urn:ietf:params:oauth:token-type:saml2', 'urn:example:unknown']) {
        expectEntra(await lab.post(form(teForm(token, { subject_token_type: type }))), 400, 'invalid_request', 9002313);
      }
    },
  },
  {
    id: 'D-10',
    title: 'request-body limits and compression',
    craft: 'form bodies of 63 KiB (accepted size) and 65 KiB and 10 MiB; 101 parameters; a gzip body that inflates past the limit',
    answer: 'over the limit: 413 JSON (AADSTS9002313); too many parameters: 413 JSON; never HTML',
    paths: 'Entra token endpoint',
    async run(lab) {
      const token = await lab.kit('ca').sign();
      const padded = (bytes: number) => form(caForm(token, { pad: 'x'.repeat(bytes) }));
      const small = await lab.post(padded(60 * 1024));
      expectAnswer('ca', small, 'accept');
      for (const body of [padded(65 * 1024), padded(10 * 1024 * 1024)]) expectEntra(await lab.post(body), 413, 'invalid_request', 9002313);
      const many = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`p${i}`, '1']));
      expectEntra(await lab.post(form({ ...caForm(token), ...many })), 413, 'invalid_request', 9002313);
      const bomb = gzipSync(Buffer.from(padded(5 * 1024 * 1024)));
      expectEntra(await lab.post(bomb as unknown as string, { headers: { 'content-encoding': 'gzip' } }), 413, 'invalid_request', 9002313);
    },
  },
  {
    id: 'D-11',
    title: 'repeated and structured parameters, prototype-shaped names',
    craft: 'subject_token, grant_type, client_assertion or client_id twice; subject_token[]=…; hasOwnProperty=1&toString=1&__proto__[x]=1&constructor=y beside a valid request',
    answer: 'a repeated parameter: 400 AADSTS9000411 (no coercion to arrays); bracket names are unknown parameters (ignored); prototype-shaped names are harmless: ACCEPT, Object.prototype untouched',
    paths: 'CA, TE',
    async run(lab) {
      const token = await lab.kit('ca').sign();
      expectEntra(await lab.post(form(caForm(token, { client_assertion: [token, token] }))), 400, 'invalid_request', 9000411);
      expectEntra(await lab.post(form(caForm(token, { client_id: [CLIENT_ID, OTHER_CLIENT_ID] }))), 400, 'invalid_request', 9000411);
      expectEntra(await lab.post(form({ ...teForm(token), subject_token: [token, token] } as never)), 400, 'invalid_request', 9000411);
      expectEntra(await lab.post(form({ ...teForm(token), grant_type: [TOKEN_EXCHANGE, 'client_credentials'] } as never)), 400, 'invalid_request', 9000411);
      const { subject_token: _s, ...rest } = teForm(token);
      expectEntra(await lab.post(form({ ...rest, 'subject_token[]': token })), 400, 'invalid_request', 900144);
      const polluted = `${form(caForm(token))}&hasOwnProperty=1&toString=1&__proto__%5Bx%5D=1&constructor=y&__proto__=z`;
      expectAnswer('ca', await lab.post(polluted), 'accept');
      expect((({}) as Record<string, unknown>).x).toBeUndefined();
    },
  },
  {
    id: 'E-16',
    title: 'Host and X-Forwarded-* headers are not trusted',
    craft: 'a valid exchange for a v2 resource sent with X-Forwarded-Host: evil.test, then with Host: evil.test',
    answer: 'ACCEPT naming fedlab\'s own issuer, never evil.test; with Host: evil.test 403 HostNotAllowed (DNS-rebinding guard) and no token',
    paths: 'CA',
    async run(lab) {
      const v2Resource = { scope: 'api://fedlab-orders/.default' };
      const answer = await lab.post(form(caForm(await lab.kit('ca').sign(), v2Resource)), { headers: { 'x-forwarded-host': 'evil.test', 'x-forwarded-proto': 'http' } });
      expectAnswer('ca', answer, 'accept');
      expect(decodeJwt(answer.body.access_token).iss).toBe(`${lab.entra.urls.authorityHost}/${TENANT_ID}/v2.0`);
      const rebound = await lab.post(form(caForm(await lab.kit('ca').sign(), v2Resource)), { headers: { host: 'evil.test', 'x-forwarded-host': 'evil.test', 'x-forwarded-proto': 'http' } });
      expect([rebound.status, rebound.body?.error?.code, rebound.body?.access_token]).toEqual([403, 'HostNotAllowed', undefined]);
    },
  },
  {
    id: 'E-17',
    title: 'TLS only',
    craft: 'a cleartext http:// request to the token endpoint',
    answer: 'no token: the TLS listener never processes the body',
    paths: 'Entra token endpoint',
    async run(lab) {
      const url = lab.entra.urls.authorityHost.replace('https:', 'http:');
      const token = await lab.kit('ca').sign();
      const outcome = await new Promise<string>((resolve) => {
        const req = request(`${url}/${TENANT_ID}/oauth2/v2.0/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve(text));
        });
        req.on('error', (e) => resolve(`error: ${e.message}`));
        req.end(form(caForm(token)));
      });
      expect(outcome).not.toContain('access_token');
    },
  },
  {
    id: 'E-18',
    title: 'per-client rate limit (entra.rateLimit)',
    craft: 'limit 5 per 60 s: 6 requests with invalid assertions from client A, then a valid one from client B',
    answer: 'the 6th: 429 temporarily_unavailable AADSTS90055 with Retry-After; client B unaffected; failed requests count',
    paths: 'Entra token endpoint',
    async run() {
      const limited = await startSecurityLab({ entra: (config) => (config.rateLimit = { requests: 5, windowSeconds: 60 }) });
      try {
        for (let i = 0; i < 5; i++) expectEntra(await limited.post(form(caForm('a.b.c'))), 400, 'invalid_request', 50027);
        const throttled = await limited.post(form(caForm('a.b.c')));
        expectEntra(throttled, 429, 'temporarily_unavailable', 90055);
        expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
        const other = await limited.post(form(caForm(await limited.kit('ca').sign(), { client_id: OTHER_CLIENT_ID })));
        expect(other.status).not.toBe(429);
      } finally {
        await limited.close();
      }
    },
  },
  {
    id: 'E-19',
    title: 'CORS on the token endpoint',
    craft: 'OPTIONS and POST with Origin: https://evil.test',
    answer: 'no Access-Control-Allow-Origin, never Access-Control-Allow-Credentials',
    paths: 'Entra token endpoint',
    async run(lab) {
      for (const method of ['OPTIONS', 'POST']) {
        const answer = await lab.post(form(caForm(await lab.kit('ca').sign())), { method, headers: { origin: 'https://evil.test' } });
        expect(answer.headers['access-control-allow-origin']).toBeUndefined();
        expect(answer.headers['access-control-allow-credentials']).toBeUndefined();
      }
    },
  },
  {
    id: 'E-20',
    title: 'a client_secret next to a valid client_assertion (RFC 6749 §2.3)',
    craft: 'a valid assertion plus a wrong client_secret, in the form and as HTTP Basic',
    answer: '401 invalid_client AADSTS7000215 (the secret is checked, never ignored); the assertion alone: 200',
    paths: 'Entra token endpoint',
    async run(lab) {
      const token = await lab.kit('ca').sign();
      expectEntra(await lab.post(form(caForm(token, { client_secret: 'not-a-secret-of-this-app' }))), 401, 'invalid_client', 7000215);
      const basic = `Basic ${Buffer.from(`${CLIENT_ID}:not-a-secret-of-this-app`).toString('base64')}`;
      expectEntra(await lab.post(form(caForm(await lab.kit('ca').sign())), { headers: { authorization: basic } }), 401, 'invalid_client', 7000215);
      expectAnswer('ca', await lab.post(form(caForm(await lab.kit('ca').sign()))), 'accept');
    },
  },
  {
    id: 'V-01',
    title: 'Key Vault: no or a non-Bearer Authorization',
    craft: 'no Authorization; Basic; "Bearer" with nothing; two tokens',
    answer: '401 Unauthorized with the challenge, check token-present; JSON; no-store',
    paths: 'vault',
    async run(lab) {
      const token = await lab.kit('vault').sign();
      for (const authorization of [undefined, 'Basic dXNlcjpwYXNz', 'Bearer', `Bearer ${token} ${token}`]) {
        const answer = await lab.vaultRequest('GET', '/secrets/demo-secret?api-version=7.5', authorization ? { authorization } : {});
        expectRejection('vault', answer, 'token-present', token);
      }
    },
  },
  {
    id: 'V-02',
    title: 'Key Vault: body limits and unknown operations in Key Vault\'s JSON',
    craft: 'a 300 KiB JSON body on PUT /secrets/x; invalid JSON; an unknown path',
    answer: '413 RequestEntityTooLarge / 400 BadParameter / 404, all Key Vault JSON, never HTML',
    paths: 'vault',
    async run(lab) {
      const authorization = `Bearer ${await lab.kit('vault').sign()}`;
      const headers = { authorization, 'content-type': 'application/json' };
      const big = await lab.vaultRequest('PUT', '/secrets/x?api-version=7.5', headers, JSON.stringify({ value: 'x'.repeat(300 * 1024) }));
      expectHygiene(big);
      expect([big.status, big.body.error.code]).toEqual([413, 'RequestEntityTooLarge']);
      const bad = await lab.vaultRequest('PUT', '/secrets/x?api-version=7.5', headers, '{"value":');
      expectHygiene(bad);
      expect(bad.status).toBe(400);
      const unknown = await lab.vaultRequest('GET', '/nothing?api-version=7.5', { authorization });
      expectHygiene(unknown);
      expect(unknown.status).toBe(404);
    },
  },
];

export type { SecurityLab };
