import * as oidc from 'openid-client';
import { createRemoteJWKSet, customFetch, decodeJwt, jwtVerify } from 'jose';
import { CLIENT_ID, ORDERS_API, ORDERS_APP_ID, startTestEntra, TENANT_ID, TOKEN_EXCHANGE, VAULT, type TestEntra } from './helpers/test-entra.js';

let lab: TestEntra;
let config: oidc.Configuration;
beforeAll(async () => {
  lab = await startTestEntra();
  config = await oidc.discovery(new URL(`${lab.authorityHost}/${TENANT_ID}/v2.0`), CLIENT_ID, undefined, oidc.None(), { [oidc.customFetch]: lab.fetch as never });
});
afterAll(() => lab.close());

const exchange = (subjectToken: string, parameters: Record<string, string> = {}) =>
  oidc.genericGrantRequest(config, TOKEN_EXCHANGE, { subject_token: subjectToken, subject_token_type: 'urn:ietf:params:oauth:token-type:jwt', ...parameters });

test('openid-client discovers the tenant: issuer on the fake host, endpoints under the tenant GUID', () => {
  const metadata = config.serverMetadata();
  expect(metadata.issuer).toBe(`${lab.authorityHost}/${TENANT_ID}/v2.0`);
  expect(metadata.token_endpoint).toBe(`${lab.authorityHost}/${TENANT_ID}/oauth2/v2.0/token`);
  expect(metadata.jwks_uri).toBe(`${lab.authorityHost}/${TENANT_ID}/discovery/v2.0/keys`);
});

test('RFC 8693 token exchange with openid-client: AWS token in, Entra access token out', async () => {
  const response = await exchange(await lab.issuer.mint(), { scope: `${ORDERS_API}/.default`, requested_token_type: 'urn:ietf:params:oauth:token-type:access_token' });
  expect(response).toMatchObject({ issued_token_type: 'urn:ietf:params:oauth:token-type:access_token', token_type: 'bearer', scope: `${ORDERS_API}/.default` });
  expect(response.expires_in).toBe(3599);
  // The v2 token verifies through the discovered jwks_uri, with the discovered issuer.
  const claims = decodeJwt(response.access_token);
  expect(claims).toMatchObject({ iss: config.serverMetadata().issuer, aud: ORDERS_APP_ID, azp: CLIENT_ID });
  const keys = createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri!), { [customFetch]: lab.fetch as never });
  await expect(jwtVerify(response.access_token, keys, { issuer: config.serverMetadata().issuer, audience: ORDERS_APP_ID })).resolves.toBeDefined();
});

test('RFC 8693 with resource= names the target too', async () => {
  const response = await exchange(await lab.issuer.mint(), { resource: VAULT });
  expect(decodeJwt(response.access_token)).toMatchObject({ aud: VAULT, ver: '1.0' });
});

test('RFC 8693: a bad subject token is invalid_request, still carrying the AADSTS code of the failed check', async () => {
  const error = await exchange(await lab.issuer.mint({ claims: { aud: 'api://someone-else' } }), { scope: `${VAULT}/.default` }).catch((e) => e);
  expect(error).toBeInstanceOf(oidc.ResponseBodyError);
  expect(error.error).toBe('invalid_request');
  expect(error.status).toBe(400);
  expect(error.cause).toMatchObject({ error_codes: [700212] });
  expect(error.error_description).toMatch(/^AADSTS700212: No matching federated identity record found for presented assertion audience 'api:\/\/someone-else'\./);
});

test('RFC 8693: an unknown resource is invalid_target (AADSTS500011)', async () => {
  const error = await exchange(await lab.issuer.mint(), { audience: 'https://nowhere.example' }).catch((e) => e);
  expect(error.error).toBe('invalid_target');
  expect(error.cause).toMatchObject({ error_codes: [500011] });
  expect(error.error_description).toMatch(/^AADSTS500011: The resource principal named https:\/\/nowhere\.example was not found in the tenant named fedlab\./);
});
