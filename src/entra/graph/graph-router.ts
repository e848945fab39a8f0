import express, { type ErrorRequestHandler, type Request, type Response, type Router } from 'express';
import { clientFaultOf } from '../../core/http/client-error.js';
import { READ_METHODS, storeLost } from '../../core/shared/store-gate.js';
import type { EntraRuntime } from '../runtime.js';
import { createApplication } from './actions/create-application.js';
import { createCredential } from './actions/create-credential.js';
import { deleteApplication } from './actions/delete-application.js';
import { deleteCredential } from './actions/delete-credential.js';
import { getApplication } from './actions/get-application.js';
import { getCredential } from './actions/get-credential.js';
import { listApplications } from './actions/list-applications.js';
import { listCredentials } from './actions/list-credentials.js';
import { updateCredential } from './actions/update-credential.js';
import { authenticate } from './auth/authenticate.js';
import type { GraphCaller } from './auth/graph-caller.js';
import { GraphError, invalidPayload, sendGraphError } from './graph-error.js';
import { parseGraphPath, type GraphTarget } from './graph-path.js';
import type { GraphAction, GraphRequest } from './graph-request.js';

/** Graph bodies are small JSON objects. */
const MAX_JSON_BYTES = 64 * 1024;

type Routes = { [K in GraphTarget['kind']]: Partial<Record<string, GraphAction<K>>> };

const ROUTES: Routes = {
  applications: { GET: listApplications, POST: createApplication },
  application: { GET: getApplication, DELETE: deleteApplication },
  credentials: { GET: listCredentials, POST: createCredential },
  credential: { GET: getCredential, PATCH: updateCredential, DELETE: deleteCredential },
};

/** Routes by the parsed path (OData keys like `applications(appId='…')` are no Express patterns). */
function dispatch(runtime: EntraRuntime) {
  return async (req: Request, res: Response): Promise<void> => {
    const now = runtime.ctx.clock.now();
    try {
      const parsed = parseGraphPath(req.path);
      if ('badSegment' in parsed) throw new GraphError(400, 'BadRequest', `Resource not found for the segment '${parsed.badSegment}'.`, 'route');
      const { target } = parsed;
      const action = (ROUTES[target.kind] as Partial<Record<string, GraphAction<typeof target.kind>>>)[req.method];
      if (!action) throw new GraphError(405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request uri.', 'route', `${req.method} is not supported on ${target.kind}`);
      const lost = READ_METHODS.has(req.method) ? undefined : storeLost(runtime.ctx.sharedStore, runtime.ctx.events, `${req.method} ${req.originalUrl}`);
      // Graph's answer for a temporary outage (https://learn.microsoft.com/graph/errors): the change would reach no other replica.
      if (lost) throw new GraphError(503, 'serviceNotAvailable', 'The service is not available. Try the request again after a delay.', 'shared-store-reachable', lost.message, { 'Retry-After': String(lost.retryAfterSeconds) });
      const request: GraphRequest = { runtime, req, res, caller: res.locals.caller as GraphCaller, target, now };
      await action(request as never);
    } catch (error) {
      if (!(error instanceof GraphError)) throw error;
      runtime.ctx.logger.warn({ method: req.method, path: req.originalUrl, code: error.code, failedCheck: error.check, detail: error.detail }, `graph request refused: ${error.code}`);
      sendGraphError(req, res, error, now);
    }
  };
}

/** Body-parser failures in Graph's format; anything else is fedlab's bug, a 500 with a log line. */
function errorHandler(runtime: EntraRuntime): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const now = runtime.ctx.clock.now();
    const fault = clientFaultOf(error);
    if (fault) {
      const graphError = fault.kind === 'body-too-large' ? new GraphError(413, 'Request_BadRequest', 'The request is too large.', 'request-body', `at most ${MAX_JSON_BYTES} bytes`) : invalidPayload(fault.message);
      sendGraphError(req, res, graphError, now);
      return;
    }
    runtime.ctx.logger.error({ err: error, path: req.originalUrl }, 'unexpected error in the graph API');
    sendGraphError(req, res, new GraphError(500, 'InternalServerError', 'fedlab: internal error (see the log).', 'internal'), now);
  };
}

/**
 * Microsoft Graph's `/v1.0` for applications and their federated identity credentials, on the
 * Entra listener: authenticate (401), route, then the action (permissions 403, rules 400, 404).
 */
export function createGraphRouter(runtime: EntraRuntime): Router {
  const router = express.Router();
  router.use(authenticate(runtime));
  router.use(express.json({ limit: MAX_JSON_BYTES, strict: false }));
  router.use(dispatch(runtime));
  router.use(errorHandler(runtime));
  return router;
}
