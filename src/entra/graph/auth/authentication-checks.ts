import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { errors, jwtVerify, type JWTHeaderParameters } from 'jose';
import { CheckFailure, type Check } from '../../../core/checks.js';
import { MalformedJwt, precheckCompactJwt } from '../../../core/jwt/compact-precheck.js';
import { MICROSOFT_LOGIN_HOST } from '../../http/known-hosts.js';
import { v1Issuer, v2Issuer } from '../../issuers.js';
import type { EntraSigningKey } from '../../keys/entra-keys.js';
import { GraphError } from '../graph-error.js';
import type { GraphAuthContext } from './graph-caller.js';

/** What Microsoft Graph's tokens name in `aud`: v1 the App ID URI, v2 Graph's appId. */
const GRAPH_AUDIENCES = ['https://graph.microsoft.com', 'https://graph.microsoft.com/', '00000003-0000-0000-c000-000000000000'];

/** A 401 InvalidAuthenticationToken, as Graph answers any token it cannot accept. */
function invalidToken(check: string, message: string, detail?: string): CheckFailure {
  const error = new GraphError(401, 'InvalidAuthenticationToken', message, check, detail);
  return new CheckFailure(error.code, message, 401, { graphError: error });
}

/** Public keys imported once per Entra signing key (the ring may rotate; old keys stay published). */
const publicKeys = new WeakMap<EntraSigningKey, KeyObject>();
function publicKeyOf(key: EntraSigningKey): KeyObject {
  let imported = publicKeys.get(key);
  if (!imported) {
    imported = createPublicKey({ key: key.signing.publicJwk as JsonWebKey, format: 'jwk' });
    publicKeys.set(key, imported);
  }
  return imported;
}

const bearerToken: Check<GraphAuthContext> = {
  name: 'bearer-token',
  run(ctx) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(ctx.authorization ?? '');
    if (!match) throw invalidToken('bearer-token', 'Access token is empty.', 'send Authorization: Bearer <access token for https://graph.microsoft.com>');
    ctx.token = match[1];
  },
};

/** Signature by one of this Entra's keys (jose), and the validity window on the party's clock. */
const tokenSignature: Check<GraphAuthContext> = {
  name: 'token-signature',
  async run(ctx) {
    const keys = ctx.runtime.keys.all();
    const keyFor = (header: JWTHeaderParameters) => {
      const key = keys.find((k) => k.kid === header.kid);
      if (!key) throw new errors.JWKSNoMatchingKey(`no signing key of this Entra has kid ${String(header.kid)}`);
      return publicKeyOf(key);
    };
    try {
      // The strict compact-JWS pre-check before jose sees the token (docs/security.md: one spelling per token, no jku/jwk/crit…).
      precheckCompactJwt(ctx.token!);
    } catch (error) {
      if (!(error instanceof MalformedJwt)) throw error;
      throw invalidToken('token-signature', 'Access token validation failure.', `the token is not a well-formed compact JWS: ${error.problem}`);
    }
    try {
      const { payload } = await jwtVerify(ctx.token!, keyFor, { algorithms: ['RS256'], currentDate: ctx.now, clockTolerance: ctx.runtime.config.clockSkewSeconds, requiredClaims: ['exp'] });
      ctx.claims = payload;
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw invalidToken('token-signature', 'Lifetime validation failed, the token is expired.', error.message);
      if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'nbf') throw invalidToken('token-signature', 'Access token has expired or is not yet valid.', error.message);
      if (error instanceof errors.JOSEError) throw invalidToken('token-signature', 'Access token validation failure.', `${error.code}: ${error.message}`);
      throw error;
    }
  },
};

const tokenAudience: Check<GraphAuthContext> = {
  name: 'token-audience',
  run(ctx) {
    const aud = ctx.claims!.aud;
    // Entra issues one audience; an array of several would let a token made for others in.
    const audiences = typeof aud === 'string' ? [aud] : Array.isArray(aud) && aud.length === 1 ? aud : [];
    if (!audiences.some((a) => GRAPH_AUDIENCES.includes(a))) {
      throw invalidToken('token-audience', 'Access token validation failure. Invalid audience.', `aud ${JSON.stringify(aud)} is not Microsoft Graph (https://graph.microsoft.com)`);
    }
  },
};

/** `tid` names a tenant of this Entra, and `iss` is that tenant's v1 or v2 issuer. */
const tokenTenant: Check<GraphAuthContext> = {
  name: 'token-tenant',
  run(ctx) {
    const { tid, iss, oid, appid, azp, roles } = ctx.claims as Record<string, unknown>;
    const tenant = typeof tid === 'string' ? ctx.runtime.directory.tenant(tid) : undefined;
    if (!tenant || tenant.id.toLowerCase() !== String(tid).toLowerCase()) throw invalidToken('token-tenant', 'Access token validation failure. Invalid issuer.', `tid ${JSON.stringify(tid)} is no tenant of this Entra`);
    const bases = [...ctx.runtime.hosts.bases(), `https://${MICROSOFT_LOGIN_HOST}`];
    const issuers = [v1Issuer(tenant.id), ...bases.map((base) => v2Issuer(base, tenant.id))];
    if (typeof iss !== 'string' || !issuers.includes(iss)) throw invalidToken('token-tenant', 'Access token validation failure. Invalid issuer.', `iss ${JSON.stringify(iss)} is not tenant ${tenant.id}'s`);
    const clientId = typeof appid === 'string' ? appid : azp;
    if (typeof oid !== 'string' || typeof clientId !== 'string') throw invalidToken('token-tenant', 'Access token validation failure.', 'an app-only token needs oid and appid (or azp)');
    ctx.caller = { tenant, servicePrincipalId: oid, appId: clientId, roles: Array.isArray(roles) ? roles.filter((r): r is string => typeof r === 'string') : [] };
  },
};

/** How the Graph API authenticates its caller, in order; the failed check names the reason. */
export const GRAPH_AUTHENTICATION_CHECKS: readonly Check<GraphAuthContext>[] = [bearerToken, tokenSignature, tokenAudience, tokenTenant];
