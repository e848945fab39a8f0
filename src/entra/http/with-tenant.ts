import type { NextFunction, Request, Response } from 'express';
import { TENANT_SEGMENT } from '../directory/directory.js';
import { AADSTS, aadstsMessage } from '../errors/aadsts-catalogue.js';
import type { EntraRuntime } from '../runtime.js';
import { sendEntraError } from './entra-error-response.js';
import { requestIds } from './request-ids.js';

/** Resolves `/:tenant/…` of the discovery routes (res.locals.tenant), or answers `invalid_tenant`. */
export function withTenant(runtime: EntraRuntime) {
  return (req: Request<{ tenant: string }>, res: Response, next: NextFunction): void => {
    const segment = req.params.tenant;
    const tenant = TENANT_SEGMENT.test(segment) ? runtime.directory.tenant(segment) : undefined;
    if (tenant) {
      res.locals.tenant = tenant;
      res.locals.base = runtime.hosts.baseFor(req.headers.host);
      return next();
    }
    const code = TENANT_SEGMENT.test(segment) ? 90002 : 900023;
    sendEntraError(res, {
      status: AADSTS[code].status,
      error: code === 90002 ? 'invalid_tenant' : AADSTS[code].error,
      code,
      message: aadstsMessage(code, { tenant: segment }),
      ids: requestIds(req),
      now: runtime.ctx.clock.now(),
      failedCheck: 'tenant',
    });
  };
}
