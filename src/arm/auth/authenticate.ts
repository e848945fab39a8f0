import type { RequestHandler } from 'express';
import { runChecks } from '../../core/checks.js';
import type { Clock } from '../../core/clock.js';
import type { TenantKeys } from '../../core/jwt/entra-tenant-keys.js';
import { ArmError } from '../errors.js';
import type { Reject } from '../http/rejection.js';
import { callerFromClaims } from './caller.js';
import { TOKEN_CHECKS, type TokenCheckContext } from './token-checks.js';

export interface AuthenticateOptions {
  tenant: string;
  keys: TenantKeys;
  clock: Clock;
  /** `<authority host>/<tenant>`, for the Host the client reached. */
  authority: (host: string | undefined) => string;
  reject: Reject;
}

/**
 * ARM's bearer challenge (RFC 6750 §3): `authorization_uri` names where to get a token, `error`
 * and `error_description` say what was wrong, as ARM's 401s carry them.
 */
function challenge(authority: string, description: string): string {
  return `Bearer authorization_uri="${authority}", error="invalid_token", error_description="${description.replace(/["\\]/g, "'")}"`;
}

/** Every ARM request carries an Entra access token for https://management.azure.com/ of the subscriptions' tenant. */
export function authenticate(options: AuthenticateOptions): RequestHandler {
  return async (req, res, next) => {
    const authority = options.authority(req.headers.host);
    const ctx: TokenCheckContext = { authorization: req.get('authorization'), tenant: options.tenant, keys: options.keys, nowSeconds: options.clock.nowSeconds(), authority };
    const run = await runChecks(TOKEN_CHECKS, ctx);
    if (!run.ok) {
      res.setHeader('WWW-Authenticate', challenge(authority, run.failure!.message));
      return options.reject(req, res, new ArmError(401, run.failure!.code, run.failure!.message), run.failedCheck!, { checks: run.trace });
    }
    res.locals.caller = callerFromClaims(ctx.claims!);
    next();
  };
}
