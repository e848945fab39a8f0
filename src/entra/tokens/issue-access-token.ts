import type { JWTPayload } from 'jose';
import { signJwt } from '../../core/jwt/sign-jwt.js';
import { must, type ExchangeContext, type ResolvedTarget } from '../exchange/exchange-context.js';
import { v2Issuer } from '../issuers.js';
import { accessTokenClaims } from './access-token-claims.js';

/** Entra backdates iat/nbf by five minutes, for clients whose clocks run behind. */
const BACKDATE_SECONDS = 300;

export interface IssuedAccessToken {
  token: string;
  version: 1 | 2;
  claims: JWTPayload;
  kid: string;
  expiresIn: number;
  expiresOn: number;
  notBefore: number;
  target: ResolvedTarget;
}

/** Signs the token for the checked request with the current tenant key (RS256, kid = x5t). */
export async function issueAccessToken(ctx: ExchangeContext): Promise<IssuedAccessToken> {
  const { runtime, request } = ctx;
  const tenant = must(ctx.tenant, 'tenant');
  const target = must(ctx.target, 'target');
  const version = target.resource.tokenVersion;
  const now = Math.floor(request.receivedAtMs / 1000);
  const expiresIn = runtime.config.accessTokenLifetimeSeconds;
  const times = { iat: now - BACKDATE_SECONDS, nbf: now - BACKDATE_SECONDS, exp: now + expiresIn };
  const claims = accessTokenClaims(version, { tenant, app: must(ctx.app, 'app'), target, times, v2Issuer: v2Issuer(request.base.url, tenant.id), clientAuthentication: ctx.clientAuthentication });
  const key = runtime.keys.current();
  // v1 tokens carry the legacy x5t header as well (same value as kid).
  const header: Record<string, string> = version === 1 ? { typ: 'JWT', alg: 'RS256', x5t: key.kid, kid: key.kid } : { typ: 'JWT', alg: 'RS256', kid: key.kid };
  const token = await signJwt(header, claims, key.signing);
  return { token, version, claims, kid: key.kid, expiresIn, expiresOn: times.exp, notBefore: times.nbf, target };
}
