import { decodeProtectedHeader } from 'jose';
import { mintWebIdentityToken } from '../../src/client/sts-client.js';
import type { Fedlab } from '../../src/start-fedlab.js';
import { ACCOUNT, control, eventsOf, exchange, runtimeConfig, startRuntimeLab, WORKLOAD } from './support.js';

// Entra's real-life cache here: key sets kept 600 s, refetched at most every 30 s (also on an unknown kid).
let fedlab: Fedlab;
let aws: ReturnType<typeof control>;
let entra: ReturnType<typeof control>;
beforeAll(async () => {
  fedlab = await startRuntimeLab(runtimeConfig({ noIssuerCache: false }));
  aws = control(fedlab, 'aws');
  entra = control(fedlab, 'entra');
});
afterAll(async () => {
  await fedlab?.close();
});
afterEach(() => {
  fedlab.setClockOffset('aws', 0);
  fedlab.setClockOffset('entra', 0);
});

const mintHour = () => mintWebIdentityToken(fedlab.stsClient(WORKLOAD), { durationSeconds: 3600 });
const fixed = (token: string) => () => Promise.resolve(token);

test('rotation: old and new generation both exchange; after retirement (and Entra’s cache) the old one is AADSTS7000272', async () => {
  const before = await mintHour();
  expect(decodeProtectedHeader(before).kid).toBe('RSA_0');
  expect(await exchange(fedlab, fixed(before))).toEqual({ ok: true });

  const rotated = await aws('POST', `/accounts/${ACCOUNT}/rotate-signing-keys`, { retireOldAfterSeconds: 60 });
  expect(rotated).toMatchObject({ status: 200, body: { kids: ['RSA_1', 'EC384_1'] } });
  expect(eventsOf(fedlab, 'keys-rotated').at(-1)).toMatchObject({ accountId: ACCOUNT, kids: ['RSA_1', 'EC384_1'], retireOldAfterSeconds: 60 });
  const after = await mintHour();
  expect(decodeProtectedHeader(after).kid).toBe('RSA_1');

  // Within Entra's 30 s refetch cooldown the new kid is unknown, as with real Entra right after a rotation.
  expect(await exchange(fedlab, fixed(after))).toEqual({ ok: false, message: expect.stringContaining("AADSTS7000272: The certificate with identifier RSA_1") });
  fedlab.setClockOffset('entra', 31);
  expect(await exchange(fedlab, fixed(after))).toEqual({ ok: true });
  expect(await exchange(fedlab, fixed(before))).toEqual({ ok: true });

  // Past the retirement the JWKS drops generation 0; Entra notices once its cached copy is stale.
  await aws('PUT', '/clock', { offsetSeconds: 120 });
  const { body } = await aws('GET', '/accounts');
  expect(body.value[0].keys.filter((k: { published: boolean }) => k.published).map((k: { kid: string }) => k.kid)).toEqual(['RSA_1', 'EC384_1']);
  expect(await exchange(fedlab, fixed(before))).toEqual({ ok: true });
  fedlab.setClockOffset('entra', 31 + 601);
  expect(await exchange(fedlab, fixed(before))).toEqual({ ok: false, message: expect.stringContaining('AADSTS7000272: The certificate with identifier RSA_0') });
  expect(await exchange(fedlab, fixed(after))).toEqual({ ok: true });
});

test('an Entra clock offset makes a fresh AWS token expired without waiting; resetting it heals', async () => {
  const token = await mintWebIdentityToken(fedlab.stsClient(WORKLOAD), { durationSeconds: 300 });
  const set = await entra('PUT', '/clock', { offsetSeconds: 3600 });
  expect(set.status).toBe(200);
  expect(set.body.offsetSeconds).toBe(3600);
  expect(Date.parse(set.body.now) - Date.now()).toBeGreaterThan(3590_000);
  expect(await exchange(fedlab, fixed(token))).toEqual({ ok: false, message: expect.stringContaining('AADSTS700024: Client assertion is not within its valid time range') });
  expect((await entra('GET', '/clock')).body.offsetSeconds).toBe(3600);
  expect(eventsOf(fedlab, 'clock-set').at(-1)).toMatchObject({ party: 'entra', offsetSeconds: 3600 });

  await entra('PUT', '/clock', { offsetSeconds: 0 });
  expect(await exchange(fedlab, fixed(token))).toEqual({ ok: true });
});

test('an AWS clock offset moves the times AWS puts in its tokens; each party keeps its own clock', async () => {
  // Inside SigV4's allowed skew (15 min), so STS still accepts the SDK's signature; beyond Entra's (5 min) for the token.
  fedlab.setClockOffset('aws', -800);
  const token = await mintWebIdentityToken(fedlab.stsClient(WORKLOAD), { durationSeconds: 60 });
  const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
  expect(Math.abs(payload.iat - (Math.floor(Date.now() / 1000) - 800))).toBeLessThan(5);
  expect(fedlab.clock('entra').offsetSeconds).toBe(0);
  expect(fedlab.clock('vault').offsetSeconds).toBe(0);
  expect(await exchange(fedlab, fixed(token))).toEqual({ ok: false, message: expect.stringContaining('AADSTS700024') });
});

test('an AWS clock far from the caller’s makes STS refuse the SDK’s signature, as a skewed AWS would', async () => {
  fedlab.setClockOffset('aws', -7200);
  await expect(mintWebIdentityToken(fedlab.stsClient(WORKLOAD))).rejects.toMatchObject({ name: 'RequestExpired' });
});

test.each([[{ offsetSeconds: 'soon' }], [{}], [{ offsetSeconds: 1e12 }], [{ offsetSeconds: 1, extra: true }]])('a bad clock body %j is a 400', async (body) => {
  const res = await entra('PUT', '/clock', body);
  expect(res.status).toBe(400);
  expect(res.body.error.code).toBe('InvalidRequest');
});
