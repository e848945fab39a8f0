import { clockEffects, type ClockLimits } from '../../src/console/clock-effects.js';

const LIMITS: ClockLimits = { entraSkewSeconds: 300, awsTokenSeconds: 300, entraTokenSeconds: 3599 };
const refused = (offsets: Parameters<typeof clockEffects>[0]) =>
  clockEffects(offsets, LIMITS)
    .filter((e) => e.refused)
    .map((e) => `${e.hop} ${e.check} ${e.code}`);

test('clocks that agree break nothing, and every hop says so', () => {
  const effects = clockEffects({ aws: 0, entra: 0, vault: 0 }, LIMITS);
  expect(effects.map((e) => e.hop)).toEqual(['sts-signature', 'assertion-at-entra', 'access-token-at-vault']);
  expect(effects.every((e) => !e.refused)).toBe(true);
});

test("Entra an hour ahead: the fresh AWS token is expired (nbf/exp), and Entra's tokens are early for Key Vault", () => {
  expect(refused({ aws: 0, entra: 3600, vault: 0 })).toEqual(['assertion-at-entra time-window AADSTS700024', 'access-token-at-vault lifetime IDX10222']);
  expect(clockEffects({ entra: 3600 }, LIMITS)[1]!.message).toMatch(/expired .*exp is already past.*300 s skew/);
});

test('the boundaries are the parties\' own: exp <= now - skew, nbf > now + skew, SigV4 15 minutes', () => {
  expect(refused({ entra: 599 })).toEqual([]);
  expect(refused({ entra: 600 })).toEqual(['assertion-at-entra time-window AADSTS700024']);
  expect(refused({ entra: -300 })).toEqual([]);
  expect(refused({ entra: -301 })).toEqual(['assertion-at-entra time-window AADSTS700024']);
  expect(clockEffects({ entra: -301 }, LIMITS)[1]!.message).toMatch(/not yet valid/);
  expect(refused({ aws: 900, entra: 900 })).toEqual([]);
  expect(refused({ aws: 901, entra: 901 })).toEqual(['sts-signature request-time RequestExpired']);
  expect(refused({ aws: -901, entra: -901 })).toEqual(['sts-signature request-time RequestExpired']);
  // Only the difference between issuer and verifier counts for tokens.
  expect(refused({ aws: 500, entra: 500, vault: 500 })).toEqual([]);
  expect(refused({ vault: 3599 + 300 })).toEqual(['access-token-at-vault lifetime S2S12086']);
  expect(refused({ vault: 3599 + 299 })).toEqual([]);
  expect(clockEffects({ vault: 3599 + 300 }, LIMITS)[2]!.message).toContain(`401 Unauthorized "[TokenExpired] Error validating token: 'S2S12086'."`);
  expect(clockEffects({ vault: -601 }, LIMITS)[2]!.message).toMatch(/401 Unauthorized "Error validating token: IDX10222: .*not yet valid/);
  // Entra's access tokens are backdated five minutes: Key Vault may run up to 600 s behind.
  expect(refused({ vault: -600 })).toEqual([]);
  expect(refused({ vault: -601 })).toEqual(['access-token-at-vault lifetime IDX10222']);
});

test('without a vault there is no vault hop', () => {
  expect(clockEffects({ aws: 0, entra: 0 }, LIMITS).map((e) => e.hop)).toEqual(['sts-signature', 'assertion-at-entra']);
});
