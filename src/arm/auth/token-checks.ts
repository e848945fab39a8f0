import type { JWTPayload, ProtectedHeaderParameters } from 'jose';
import { CheckFailure, type Check } from '../../core/checks.js';
import { MalformedJwt, precheckCompactJwt } from '../../core/jwt/compact-precheck.js';
import { entraSignatureProblem } from '../../core/jwt/entra-signature.js';
import type { TenantKeys } from '../../core/jwt/entra-tenant-keys.js';
import { MANAGEMENT_APP_ID, MANAGEMENT_AUDIENCES } from './management-resource.js';

export interface TokenCheckContext {
  readonly authorization: string | undefined;
  /** The tenant ARM's subscriptions belong to. */
  readonly tenant: string;
  readonly keys: TenantKeys;
  readonly nowSeconds: number;
  /** Where a token for the right tenant comes from (named in the wrong-tenant refusal). */
  readonly authority: string;
  token?: string;
  header?: ProtectedHeaderParameters;
  /** Decoded claims; trusted only once the signature check has passed. */
  claims?: JWTPayload;
}

/** The clock skew ARM's token validation allows (Microsoft.IdentityModel's default). */
export const CLOCK_SKEW_SECONDS = 300;

/**
 * ARM's 401 codes and messages, as real responses show them: AuthenticationFailed for a missing or
 * unreadable header (rancher-letsencrypt#89: "Authentication failed. The 'Authorization' header is
 * missing."), InvalidAuthenticationToken for a token it cannot validate, and the specific codes
 * for audience, tenant and expiry (InvalidAuthenticationTokenAudience, InvalidAuthenticationTokenTenant,
 * ExpiredAuthenticationToken).
 */
const refuse = (code: string, message: string) => new CheckFailure(code, message, 401);
const invalidToken = () => refuse('InvalidAuthenticationToken', 'The access token is invalid.');
const show = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value) ?? 'nothing');
/** ARM writes UTC times as .NET does ("12/4/2026 6:00:00 PM"). */
function dotNetUtc(seconds: number): string {
  const d = new Date(seconds * 1000);
  const hours = d.getUTCHours() % 12 || 12;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${hours}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${d.getUTCHours() < 12 ? 'AM' : 'PM'}`;
}

const headerPresent: Check<TokenCheckContext> = {
  name: 'authorization-header',
  run(ctx) {
    if (ctx.authorization === undefined || ctx.authorization.trim() === '') throw refuse('AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.");
    const match = /^Bearer +(\S+) *$/i.exec(ctx.authorization);
    if (!match) throw refuse('AuthenticationFailed', "Authentication failed. The 'Authorization' header is provided in an invalid format.");
    ctx.token = match[1];
  },
};

const tokenWellFormed: Check<TokenCheckContext> = {
  name: 'token-well-formed',
  run(ctx) {
    try {
      const { header, payload } = precheckCompactJwt(ctx.token!);
      ctx.header = header;
      ctx.claims = payload;
    } catch (error) {
      if (!(error instanceof MalformedJwt)) throw error;
      throw invalidToken();
    }
  },
};

const signature: Check<TokenCheckContext> = {
  name: 'signature',
  async run(ctx) {
    const problem = await entraSignatureProblem(ctx.token!, ctx.header!, ctx.keys);
    if (!problem) return;
    if (problem.kind === 'keys-unavailable') throw refuse('InvalidAuthenticationToken', `The access token could not be validated: the tenant's signing keys could not be fetched (${problem.reason}).`);
    throw refuse('InvalidAuthenticationToken', problem.kind === 'algorithm' ? 'The access token is invalid.' : 'The access token signature is invalid.');
  },
};

const audience: Check<TokenCheckContext> = {
  name: 'audience',
  run({ claims }) {
    const aud = claims!.aud;
    if (typeof aud !== 'string' || !(MANAGEMENT_AUDIENCES.includes(aud) || aud === MANAGEMENT_APP_ID)) {
      const allowed = MANAGEMENT_AUDIENCES.map((a) => `'${a}'`).join(',');
      throw refuse('InvalidAuthenticationTokenAudience', `The access token has been obtained for wrong audience or resource '${show(aud)}'. It should exactly match with one of the allowed audiences ${allowed}.`);
    }
  },
};

const tenantIssuer: Check<TokenCheckContext> = {
  name: 'tenant',
  run({ claims, keys, authority }) {
    if (claims!.iss !== keys.v1Issuer && claims!.iss !== keys.v2Issuer) {
      throw refuse(
        'InvalidAuthenticationTokenTenant',
        `The access token is from the wrong issuer '${show(claims!.iss)}'. It must match the tenant '${keys.v1Issuer}' associated with this subscription. Please use the authority (URL) '${authority}' to get the token. Note, if the subscription is transferred to another tenant there is no impact to the services, but information about new tenant could take time to propagate (up to an hour). If you just transferred your subscription and see this error message, please try back later.`,
      );
    }
  },
};

const lifetime: Check<TokenCheckContext> = {
  name: 'lifetime',
  run({ claims, nowSeconds }) {
    const { exp, nbf } = claims!;
    if (typeof exp !== 'number' || (nbf !== undefined && typeof nbf !== 'number')) throw invalidToken();
    if (exp + CLOCK_SKEW_SECONDS <= nowSeconds) throw refuse('ExpiredAuthenticationToken', `The access token expiry UTC time '${dotNetUtc(exp)}' is earlier than current UTC time '${dotNetUtc(nowSeconds)}'.`);
    if (nbf !== undefined && nbf - CLOCK_SKEW_SECONDS > nowSeconds) throw invalidToken();
  },
};

/** What ARM checks of a bearer token, in order; the first failure names the check. */
export const TOKEN_CHECKS: readonly Check<TokenCheckContext>[] = [headerPresent, tokenWellFormed, signature, audience, tenantIssuer, lifetime];
