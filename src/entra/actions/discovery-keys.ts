import type { Request, Response } from 'express';
import type { Tenant } from '../directory/directory.js';
import type { PublicBase } from '../http/known-hosts.js';
import { publishedJwk } from '../keys/entra-keys.js';
import type { EntraRuntime } from '../runtime.js';
import { v1Issuer, v2Issuer } from '../issuers.js';
import { discoveryHeaders } from './openid-configuration.js';

/**
 * `GET /{tenant}/discovery/v2.0/keys` and `/{tenant}/discovery/keys`: every published signing key
 * with its certificate, and the `issuer` member multi-tenant validators read (per version).
 */
export function discoveryKeys(runtime: EntraRuntime, version: 1 | 2) {
  return (_req: Request, res: Response): void => {
    const tenant = res.locals.tenant as Tenant;
    const issuer = version === 2 ? v2Issuer((res.locals.base as PublicBase).url, tenant.id) : v1Issuer(tenant.id);
    discoveryHeaders(res);
    res.json({ keys: runtime.keys.all().map((key) => publishedJwk(key, issuer)) });
  };
}
