import type { JWTPayload, ProtectedHeaderParameters } from 'jose';
import { CheckFailure, type Check } from '../../core/checks.js';
import { MalformedJwt, precheckCompactJwt } from '../../core/jwt/compact-precheck.js';
import { entraSignatureProblem } from '../../core/jwt/entra-signature.js';
import { KEY_VAULT_APP_ID, KEY_VAULT_AUDIENCES, KEY_VAULT_RESOURCE } from './key-vault-resource.js';
import type { TenantKeys } from '../../core/jwt/entra-tenant-keys.js';

export interface TokenCheckContext {
  readonly authorization: string | undefined;
  /** The vault's tenant. */
  readonly tenant: string;
  readonly keys: TenantKeys;
  readonly nowSeconds: number;
  token?: string;
  header?: ProtectedHeaderParameters;
  /** Decoded claims; trusted only once the signature check has passed. */
  claims?: JWTPayload;
}

/** Microsoft.IdentityModel's default clock skew, which Key Vault's token validation applies. */
export const CLOCK_SKEW_SECONDS = 300;

/** Key Vault's message for an expired bearer token (see the lifetime check). */
export const TOKEN_EXPIRED_MESSAGE = "[TokenExpired] Error validating token: 'S2S12086'.";

const unauthorized = (message: string) => new CheckFailure('Unauthorized', message, 401);
const show = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value) ?? 'nothing');
const utc = (seconds: number) => new Date(seconds * 1000).toISOString();

const tokenPresent: Check<TokenCheckContext> = {
  name: 'token-present',
  run(ctx) {
    const match = /^Bearer +(\S+) *$/i.exec(ctx.authorization ?? '');
    if (!match) throw unauthorized('AKV10000: Request is missing a Bearer or PoP token.');
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
      throw unauthorized(`Error validating token: IDX14100: JWT is not well formed (${error.problem}).`);
    }
  },
};

const signature: Check<TokenCheckContext> = {
  name: 'signature',
  async run(ctx) {
    const problem = await entraSignatureProblem(ctx.token!, ctx.header!, ctx.keys);
    if (!problem) return;
    const unresolvable = `AKV10046: Unable to resolve the key used for signature validation. EncodedJwtHeader: '${ctx.token!.split('.')[0]}'.`;
    if (problem.kind === 'algorithm') throw unauthorized(`Error validating token: IDX10511: Signature validation failed. The token's algorithm '${show(problem.alg)}' is not RS256.`);
    if (problem.kind === 'key-not-found') throw unauthorized(unresolvable);
    if (problem.kind === 'keys-unavailable') throw unauthorized(`${unresolvable} The tenant's signing keys could not be fetched: ${problem.reason}.`);
    throw unauthorized(`Error validating token: IDX10511: Signature validation failed. kid: '${show(ctx.header!.kid)}'.`);
  },
};

const issuer: Check<TokenCheckContext> = {
  name: 'issuer',
  run({ claims, keys }) {
    if (claims!.iss !== keys.v1Issuer && claims!.iss !== keys.v2Issuer) {
      throw unauthorized(`AKV10032: Invalid issuer. Expected one of ${keys.v1Issuer}, ${keys.v2Issuer}, found ${show(claims!.iss)}.`);
    }
  },
};

const audience: Check<TokenCheckContext> = {
  name: 'audience',
  run({ claims }) {
    // Entra issues one audience as a string; an array would let a token made for others in.
    if (typeof claims!.aud !== 'string' || !KEY_VAULT_AUDIENCES.includes(claims!.aud)) {
      throw unauthorized(`AKV10022: Invalid audience. Expected ${KEY_VAULT_RESOURCE} or ${KEY_VAULT_APP_ID}, found: ${show(claims!.aud)}.`);
    }
  },
};

const lifetime: Check<TokenCheckContext> = {
  name: 'lifetime',
  run({ claims, nowSeconds }) {
    const { exp, nbf } = claims!;
    if (typeof exp !== 'number') throw unauthorized('Error validating token: IDX10225: Lifetime validation failed. The token is missing an Expiration Time.');
    if (nbf !== undefined && typeof nbf !== 'number') throw unauthorized('Error validating token: IDX10225: Lifetime validation failed. The token has a NotBefore that is not a number.');
    // Real Key Vault's answer to an expired token, observed 2021-2022 (401 Unauthorized, a 96-byte
    // body: Azure/azure-sdk-for-python#27266, CDCgov/prime-reportstream#2566); 2020 bodies showed
    // IDX10223 (Azure/azure-sdk-for-python#12368). It names no time, so fedlab adds none.
    if (exp + CLOCK_SKEW_SECONDS <= nowSeconds) throw unauthorized(TOKEN_EXPIRED_MESSAGE);
    // No public Key Vault body for a token not yet valid was found: Microsoft.IdentityModel's IDX10222 [U].
    if (nbf !== undefined && nbf - CLOCK_SKEW_SECONDS > nowSeconds) {
      throw unauthorized(`Error validating token: IDX10222: Lifetime validation failed. The token is not yet valid. ValidFrom (UTC): '${utc(nbf)}', Current time (UTC): '${utc(nowSeconds)}'.`);
    }
  },
};

const tenant: Check<TokenCheckContext> = {
  name: 'tenant',
  run({ claims, tenant }) {
    if (claims!.tid !== tenant) {
      throw unauthorized(`Invalid tenant. The token was issued for tenant '${show(claims!.tid)}'; this key vault belongs to tenant '${tenant}'.`);
    }
  },
};

/** What Key Vault checks of a bearer token, in order; the first failure names the check. */
export const TOKEN_CHECKS: readonly Check<TokenCheckContext>[] = [tokenPresent, tokenWellFormed, signature, issuer, audience, lifetime, tenant];
