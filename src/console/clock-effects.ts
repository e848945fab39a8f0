/**
 * What the parties' clock offsets do to the flow, hop by hop: the same comparisons the parties
 * make (SigV4's 15 minutes at STS, nbf/exp with Entra's configured skew at the token endpoint,
 * Microsoft.IdentityModel's 300 s at Key Vault), applied to a token made right now. The Break it
 * panel says from this whether "the flow should work" is true.
 */
export interface ClockLimits {
  /** Entra's tolerance on the assertion's nbf/exp (`entra.clockSkewSeconds`). */
  entraSkewSeconds: number;
  /** Lifetime of an AWS token minted without DurationSeconds (AWS's default, 300 s). */
  awsTokenSeconds: number;
  /** `expires_in` of Entra's access tokens (`entra.accessTokenLifetimeSeconds`). */
  entraTokenSeconds: number;
}

export interface ClockEffect {
  hop: 'sts-signature' | 'assertion-at-entra' | 'access-token-at-vault';
  /** Whose clocks are compared, the later one's offset minus the earlier one's. */
  differenceSeconds: number;
  refused: boolean;
  /** The party's check that refuses, and its code, when refused. */
  check?: string;
  code?: string;
  message: string;
}

/** SigV4: a request signed more than 15 minutes away from STS's clock is refused (RequestExpired). */
const SIGV4_SKEW_SECONDS = 900;
/** Key Vault validates with Microsoft.IdentityModel's default skew. */
const VAULT_SKEW_SECONDS = 300;
/** Entra backdates its access tokens' iat/nbf by five minutes (fedlab does too). */
const ENTRA_BACKDATE_SECONDS = 300;

const signed = (s: number) => `${s > 0 ? '+' : ''}${s} s`;

function signature(awsOffset: number): ClockEffect {
  const base = { hop: 'sts-signature' as const, differenceSeconds: awsOffset };
  if (Math.abs(awsOffset) <= SIGV4_SKEW_SECONDS) return { ...base, refused: false, message: `AWS STS's clock is ${signed(awsOffset)} from the workload's: within SigV4's 15 minutes, signed requests are accepted.` };
  const side = awsOffset > 0 ? 'expired' : 'not yet current';
  return { ...base, refused: true, check: 'request-time', code: 'RequestExpired', message: `AWS STS's clock is ${signed(awsOffset)} from the workload's, beyond SigV4's 15 minutes: every signed request is refused as "Signature ${side}" (RequestExpired).` };
}

/** A token valid [issuer now - backdate, issuer now + lifetime] judged by a verifier whose clock is `difference` later. */
function window(difference: number, lifetime: number, skew: number, backdate = 0): 'expired' | 'not yet valid' | undefined {
  if (difference >= lifetime + skew) return 'expired';
  if (difference < -(skew + backdate)) return 'not yet valid';
  return undefined;
}

function assertion(difference: number, limits: ClockLimits): ClockEffect {
  const base = { hop: 'assertion-at-entra' as const, differenceSeconds: difference };
  const verdict = window(difference, limits.awsTokenSeconds, limits.entraSkewSeconds);
  const clocks = `Entra's clock is ${signed(difference)} from AWS's`;
  if (!verdict) return { ...base, refused: false, message: `${clocks}: a fresh AWS token (${limits.awsTokenSeconds} s) is within nbf/exp and Entra's ${limits.entraSkewSeconds} s skew, so it is accepted.` };
  const why = verdict === 'expired' ? `its exp is already past for Entra` : `its nbf/iat are still in Entra's future`;
  return { ...base, refused: true, check: 'time-window', code: 'AADSTS700024', message: `${clocks}: a fresh AWS token (${limits.awsTokenSeconds} s) is ${verdict} (${why}, beyond the ${limits.entraSkewSeconds} s skew): check time-window refuses it with AADSTS700024.` };
}

function accessToken(difference: number, limits: ClockLimits): ClockEffect {
  const base = { hop: 'access-token-at-vault' as const, differenceSeconds: difference };
  const verdict = window(difference, limits.entraTokenSeconds, VAULT_SKEW_SECONDS, ENTRA_BACKDATE_SECONDS);
  const clocks = `Key Vault's clock is ${signed(difference)} from Entra's`;
  if (!verdict) return { ...base, refused: false, message: `${clocks}: a fresh access token (${limits.entraTokenSeconds} s) (nbf backdated ${ENTRA_BACKDATE_SECONDS} s) is within nbf/exp and Key Vault's ${VAULT_SKEW_SECONDS} s skew, so it opens the vault.` };
  // The vault's texts (src/vault/auth/token-checks.ts): real Key Vault's "[TokenExpired] Error validating
  // token: 'S2S12086'." for an expired token; Microsoft.IdentityModel's IDX10222 for one not yet valid
  // (no real Key Vault body found for that case).
  const code = verdict === 'expired' ? 'S2S12086' : 'IDX10222';
  const answer = verdict === 'expired' ? `"[TokenExpired] Error validating token: 'S2S12086'."` : '"Error validating token: IDX10222: … The token is not yet valid."';
  return { ...base, refused: true, check: 'lifetime', code, message: `${clocks}: a fresh access token (${limits.entraTokenSeconds} s) is ${verdict} for Key Vault (beyond its ${VAULT_SKEW_SECONDS} s skew): check lifetime answers 401 Unauthorized ${answer}.` };
}

/** The effect of each party's offset (seconds; absent = 0) on a flow run now. */
export function clockEffects(offsets: Partial<Record<'aws' | 'entra' | 'vault', number>>, limits: ClockLimits): ClockEffect[] {
  const aws = offsets.aws ?? 0;
  const entra = offsets.entra ?? 0;
  const effects = [signature(aws), assertion(entra - aws, limits)];
  if (offsets.vault !== undefined) effects.push(accessToken(offsets.vault - entra, limits));
  return effects;
}
