import { SignJWT } from 'jose';
import { startVaultLab, rawRequest, READER_OID, secretClient, staticCredential, type VaultLab } from './helpers/vault-lab.js';
import { OTHER_TENANT, strangerOid, VAULT_TENANT, WORKLOAD_APPID } from './helpers/test-authority.js';

let lab: VaultLab;
beforeAll(async () => {
  lab = await startVaultLab();
});
afterAll(() => lab.close());

const getWith = async (token: string) => secretClient(lab, staticCredential(token)).getSecret('demo-secret');
const lastRejection = () => lab.events.filter((e) => e.type === 'request-rejected').at(-1)!;

describe('rejected through the SDK (RestError statusCode / code)', () => {
  test('a caller without an access policy is Forbidden, in Key Vault words', async () => {
    const oid = strangerOid();
    await expect(getWith(await lab.authority.mint({ oid }))).rejects.toMatchObject({
      statusCode: 403,
      code: 'Forbidden',
      message: `The user, group or application 'appid=${WORKLOAD_APPID};oid=${oid};iss=https://sts.windows.net/${VAULT_TENANT}/' does not have secrets get permission on key vault 'fedlab-vault;location=eastus'. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125287`,
    });
    expect(lastRejection()).toMatchObject({ party: 'vault', status: 403, failedCheck: 'access-policy', oid, permission: 'get' });
  });

  test('a caller whose policy lacks the permission is Forbidden for that operation only', async () => {
    const client = secretClient(lab, staticCredential(await lab.authority.mint({ oid: READER_OID })));
    expect((await client.getSecret('demo-secret')).value).toContain('hello from Azure');
    await expect(client.setSecret('demo-secret', 'overwritten')).rejects.toMatchObject({ statusCode: 403, code: 'Forbidden', message: expect.stringContaining('does not have secrets set permission') });
  });

  test.each([
    ['a token for another resource', { claims: { aud: 'https://management.azure.com/' } }, 'audience', 'AKV10022: Invalid audience. Expected https://vault.azure.net or cfa8b339-82a2-471a-a3c9-0fc0be7a4093, found: https://management.azure.com/.'],
    ['an audience with a trailing slash', { claims: { aud: 'https://vault.azure.net/' } }, 'audience', 'found: https://vault.azure.net/.'],
    ['an audience array that includes the vault', { claims: { aud: ['https://vault.azure.net', 'api://other'] } }, 'audience', 'AKV10022'],
    ['an expired token', { expiresIn: -3600 }, 'lifetime', "[TokenExpired] Error validating token: 'S2S12086'."],
    ['a token not valid yet', { claims: { nbf: Math.floor(Date.now() / 1000) + 3600 } }, 'lifetime', 'IDX10222: Lifetime validation failed. The token is not yet valid.'],
    ['a token without exp', { claims: { exp: undefined } }, 'lifetime', 'IDX10225'],
    ['a token from another tenant', { tenant: OTHER_TENANT }, 'issuer', `AKV10032: Invalid issuer. Expected one of https://sts.windows.net/${VAULT_TENANT}/`],
    ['a v2 token from another tenant', { version: '2.0' as const, tenant: OTHER_TENANT }, 'issuer', `found https://127.0.0.1`],
    ['a token of the right issuer naming another tenant', { claims: { tid: OTHER_TENANT } }, 'tenant', `Invalid tenant. The token was issued for tenant '${OTHER_TENANT}'`],
    ['a token with a bad signature', { forgeSignature: true }, 'signature', 'IDX10511: Signature validation failed.'],
    ['a token signed by a key Entra does not publish', { unknownKid: true }, 'signature', 'AKV10046: Unable to resolve the key used for signature validation.'],
  ])('%s is Unauthorized, naming the failed check', async (_title, mint, failedCheck, message) => {
    const error = await getWith(await lab.authority.mint(mint)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ statusCode: 401, code: 'Unauthorized', message: expect.stringContaining(message) });
    expect(lastRejection()).toMatchObject({ party: 'vault', type: 'request-rejected', status: 401, failedCheck });
  });
});

describe('hand-made requests', () => {
  const challenge = () => `Bearer authorization="${lab.authority.authorityHost}/${VAULT_TENANT}", resource="https://vault.azure.net"`;

  test('no token: 401 AKV10000 with the challenge and the failed check', async () => {
    const res = await rawRequest(lab, 'GET', '/secrets/demo-secret?api-version=7.4');
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe(challenge());
    expect(res.headers['x-fedlab-failed-check']).toBe('token-present');
    expect(res.body).toEqual({ error: { code: 'Unauthorized', message: 'AKV10000: Request is missing a Bearer or PoP token.' } });
  });

  test('a Basic authorization is no bearer token', async () => {
    const res = await rawRequest(lab, 'GET', '/secrets?api-version=7.4', { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect(res.status).toBe(401);
    expect(res.headers['x-fedlab-failed-check']).toBe('token-present');
  });

  test.each([
    ['not a JWT', 'not-a-jwt'],
    ['padded base64url', 'eyJhbGciOiJSUzI1NiJ9=.eyJ9.c2ln'],
  ])('a malformed token (%s): 401 at token-well-formed', async (_title, token) => {
    const res = await rawRequest(lab, 'GET', '/secrets/demo-secret?api-version=7.4', { token });
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe(challenge());
    expect(res.headers['x-fedlab-failed-check']).toBe('token-well-formed');
    expect(res.body.error).toMatchObject({ code: 'Unauthorized', message: expect.stringContaining('IDX14100: JWT is not well formed') });
  });

  test("an expired token: Key Vault's own 401 body, the challenge and the failed check", async () => {
    const res = await rawRequest(lab, 'GET', '/secrets/demo-secret?api-version=7.4', { token: await lab.authority.mint({ expiresIn: -3600 }) });
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe(challenge());
    expect(res.headers['x-fedlab-failed-check']).toBe('lifetime');
    expect(res.body.error).toMatchObject({ code: 'Unauthorized', message: "[TokenExpired] Error validating token: 'S2S12086'." });
  });

  test('an HS256 token never reaches key selection', async () => {
    const token = await new SignJWT({ aud: 'https://vault.azure.net', iss: `https://sts.windows.net/${VAULT_TENANT}/`, tid: VAULT_TENANT })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('a-shared-secret-that-is-long-enough!'));
    const res = await rawRequest(lab, 'GET', '/secrets/demo-secret?api-version=7.4', { token });
    expect(res.status).toBe(401);
    expect(res.headers['x-fedlab-failed-check']).toBe('signature');
    expect(res.body.error.message).toContain("algorithm 'HS256' is not RS256");
  });

  test('an alg none token is refused at the signature check', async () => {
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const token = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ aud: 'https://vault.azure.net', tid: VAULT_TENANT })}.c2ln`;
    const res = await rawRequest(lab, 'GET', '/secrets/demo-secret?api-version=7.4', { token });
    expect(res.status).toBe(401);
    expect(res.headers['x-fedlab-failed-check']).toBe('signature');
  });

  test('the rejection event carries the whole check trace', async () => {
    await rawRequest(lab, 'GET', '/secrets/demo-secret?api-version=7.4', { token: await lab.authority.mint({ expiresIn: -3600 }) });
    const checks = lastRejection().checks as { check: string; outcome: string }[];
    expect(checks.map((c) => `${c.check}:${c.outcome}`)).toEqual([
      'token-present:passed',
      'token-well-formed:passed',
      'signature:passed',
      'issuer:passed',
      'audience:passed',
      'lifetime:failed',
      'tenant:not-run',
    ]);
  });

  test('the vault clock decides expiry: a token expired 4 minutes ago is still inside the 5-minute skew', async () => {
    const res = await rawRequest(lab, 'GET', '/secrets/demo-secret?api-version=7.4', { token: await lab.authority.mint({ expiresIn: -240 }) });
    expect(res.status).toBe(200);
    lab.ctx.clock.setOffsetMs(2 * 60_000);
    try {
      const later = await rawRequest(lab, 'GET', '/secrets/demo-secret?api-version=7.4', { token: await lab.authority.mint({ expiresIn: -240 }) });
      expect(later.status).toBe(401);
      expect(later.headers['x-fedlab-failed-check']).toBe('lifetime');
    } finally {
      lab.ctx.clock.setOffsetMs(0);
    }
  });
});

describe('when Entra cannot be reached', () => {
  let offline: VaultLab;
  beforeAll(async () => {
    offline = await startVaultLab();
    await offline.authority.close();
  });
  afterAll(() => offline.close());

  test('the token is refused at the signature check with the fetch problem, never a 500', async () => {
    const res = await rawRequest(offline, 'GET', '/secrets/demo-secret?api-version=7.4', { token: await offline.authority.mint() });
    expect(res.status).toBe(401);
    expect(res.headers['x-fedlab-failed-check']).toBe('signature');
    expect(res.body.error.message).toMatch(/^AKV10046: Unable to resolve the key used for signature validation\..*The tenant's signing keys could not be fetched: discovery for issuer https:\/\/127\.0\.0\.1:\d+\/8c1f6a52-3c0e-4f2e-9d51-6f0b1d2a7e10\/v2\.0 failed/);
  });
});
