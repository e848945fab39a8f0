import type { Request, Response } from 'express';
import type { EntraRuntime } from '../runtime.js';

/**
 * `DELETE /_fedlab/issuer-keys[?issuer=]` → 204: drop the cached discovery + JWKS of external
 * issuers, so the next exchange fetches them (an issuer fault shows at once instead of after
 * `externalIssuers.cacheMaxAgeSeconds`, while the last good key set is still used).
 */
export function forgetIssuerKeys(runtime: EntraRuntime) {
  return (req: Request, res: Response): void => {
    const issuer = typeof req.query.issuer === 'string' ? req.query.issuer : undefined;
    runtime.issuerKeys.forget(issuer);
    runtime.ctx.logger.info({ issuer: issuer ?? '(all)' }, 'external issuer key cache dropped');
    res.status(204).end();
  };
}
