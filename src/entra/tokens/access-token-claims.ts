import type { JWTPayload } from 'jose';
import type { Application, Resource, Tenant } from '../directory/directory.js';
import type { ResolvedTarget } from '../exchange/exchange-context.js';
import { v1Issuer } from '../issuers.js';
import { opaqueIds } from './opaque-ids.js';

export interface TokenTimes {
  iat: number;
  nbf: number;
  exp: number;
}

export interface ClaimInputs {
  tenant: Tenant;
  app: Application;
  target: ResolvedTarget;
  times: TokenTimes;
  /** `https://<host>/{tid}/v2.0` as the client reached us. */
  v2Issuer: string;
  /** appidacr/azpacr: "1" for a client secret, "2" for a certificate or (federated) assertion. */
  clientAuthentication?: 'assertion' | 'secret';
}

function grantedRoles(resource: Resource, appId: string): string[] {
  return resource.grants.filter((g) => g.appId.toLowerCase() === appId.toLowerCase()).flatMap((g) => g.roles);
}

/**
 * An app-only access token's claims, in the order real Entra writes them. The resource decides
 * the version: v1 names the resource as requested and the client as `appid`; v2 names the
 * resource by its appId and the client as `azp`. `roles` only when some were granted.
 */
export function accessTokenClaims(version: 1 | 2, { tenant, app, target, times, v2Issuer, clientAuthentication }: ClaimInputs): JWTPayload {
  const acr = clientAuthentication === 'secret' ? '1' : '2';
  const roles = grantedRoles(target.resource, app.appId);
  const common = { idtyp: 'app', oid: app.servicePrincipalId, rh: opaqueIds.rh(), ...(roles.length > 0 ? { roles } : {}), sub: app.servicePrincipalId, tid: tenant.id, uti: opaqueIds.uti() };
  if (version === 1) {
    return {
      aud: target.requestedAs,
      iss: v1Issuer(tenant.id),
      ...times,
      aio: opaqueIds.aio(),
      appid: app.appId,
      appidacr: acr,
      idp: v1Issuer(tenant.id),
      ...common,
      ver: '1.0',
    };
  }
  return { aud: target.resource.appId, iss: v2Issuer, ...times, aio: opaqueIds.aio(), azp: app.appId, azpacr: acr, ...common, ver: '2.0' };
}
