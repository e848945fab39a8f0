import type { Request, Response } from 'express';
import { aadstsMessage } from '../errors/aadsts-catalogue.js';
import { sendEntraError } from '../http/entra-error-response.js';
import { requestIds } from '../http/request-ids.js';
import type { EntraRuntime } from '../runtime.js';

/** Any other method on a token endpoint: CORS preflight is fine, the rest is AADSTS900561. */
export function tokenMethodNotAllowed(runtime: EntraRuntime) {
  return (req: Request, res: Response): void => {
    if (req.method === 'OPTIONS') {
      res.setHeader('Allow', 'POST, OPTIONS');
      res.status(204).end();
      return;
    }
    sendEntraError(res, { status: 400, error: 'invalid_request', code: 900561, message: aadstsMessage(900561, { method: req.method }), ids: requestIds(req), now: runtime.ctx.clock.now(), failedCheck: 'http-method' });
  };
}
