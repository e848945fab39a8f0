import type { NextFunction, Request, Response } from 'express';
import { runChecks } from '../../../core/checks.js';
import type { EntraRuntime } from '../../runtime.js';
import { sendGraphError, type GraphError } from '../graph-error.js';
import { GRAPH_AUTHENTICATION_CHECKS } from './authentication-checks.js';
import type { GraphAuthContext } from './graph-caller.js';

/** Every Graph request: a valid token for Microsoft Graph from this Entra, else 401 (res.locals.caller). */
export function authenticate(runtime: EntraRuntime) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const ctx: GraphAuthContext = { runtime, authorization: req.headers.authorization, now: runtime.ctx.clock.now() };
    const run = await runChecks(GRAPH_AUTHENTICATION_CHECKS, ctx);
    if (run.ok) {
      res.locals.caller = ctx.caller;
      return next();
    }
    const error = run.failure!.extra.graphError as GraphError;
    runtime.ctx.logger.warn({ method: req.method, path: req.originalUrl, failedCheck: run.failedCheck, detail: error.detail, trace: run.trace }, `graph request refused at check ${run.failedCheck}`);
    // As Graph does: where to get a token, for Graph's own client id.
    const base = runtime.hosts.baseFor(req.headers.host).url;
    res.setHeader('WWW-Authenticate', `Bearer realm="", authorization_uri="${base}/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"`);
    sendGraphError(req, res, error, ctx.now);
  };
}
