import type { RequestHandler } from 'express';
import { runChecks } from '../../core/checks.js';
import type { Clock } from '../../core/clock.js';
import { KeyVaultError } from '../errors.js';
import type { Reject } from '../http/rejection.js';
import { callerFromClaims } from './caller.js';
import { TOKEN_CHECKS, type TokenCheckContext } from './token-checks.js';
import type { TenantKeys } from '../../core/jwt/entra-tenant-keys.js';

export interface AuthenticateOptions {
  tenant: string;
  keys: TenantKeys;
  clock: Clock;
  /** The WWW-Authenticate value every 401 carries, for the Host the client reached. */
  challenge: (host: string | undefined) => string;
  reject: Reject;
}

/**
 * Key Vault's challenge-based authentication: a request without a valid Entra token for the
 * vault's tenant gets 401 with the challenge that tells the SDK where to get one.
 */
export function authenticate(options: AuthenticateOptions): RequestHandler {
  return async (req, res, next) => {
    const ctx: TokenCheckContext = { authorization: req.get('authorization'), tenant: options.tenant, keys: options.keys, nowSeconds: options.clock.nowSeconds() };
    const run = await runChecks(TOKEN_CHECKS, ctx);
    if (!run.ok) {
      res.setHeader('WWW-Authenticate', options.challenge(req.headers.host));
      return options.reject(req, res, new KeyVaultError(401, 'Unauthorized', run.failure!.message), run.failedCheck!, { checks: run.trace });
    }
    res.locals.caller = callerFromClaims(ctx.claims!);
    next();
  };
}
