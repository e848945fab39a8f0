import express, { type ErrorRequestHandler, type Express, type Request, type Response } from 'express';
import { healthHandler, securityHeaders } from '../../core/http/common-middleware.js';
import { discoveryKeys } from '../actions/discovery-keys.js';
import { fedlabTrace } from '../actions/fedlab-trace.js';
import { instanceDiscovery } from '../actions/instance-discovery.js';
import { openidConfigurationV1, openidConfigurationV2 } from '../actions/openid-configuration.js';
import { tokenEndpoint } from '../actions/token.js';
import { tokenMethodNotAllowed } from '../actions/token-method-not-allowed.js';
import { entraControlRouter } from '../control/control-router.js';
import { tokenFault } from '../control/token-fault.js';
import { aadstsMessage } from '../errors/aadsts-catalogue.js';
import { createGraphRouter } from '../graph/graph-router.js';
import type { EntraRuntime } from '../runtime.js';
import { clientRateLimit } from './client-rate-limit.js';
import { sendEntraError } from './entra-error-response.js';
import { requestIds } from './request-ids.js';
import { withTenant } from './with-tenant.js';

/** A token request is a few kB (a 16 kB assertion at most); anything larger is refused. */
const MAX_FORM_BYTES = 64 * 1024;

/** Body-parser failures (too large, bad charset, too many parameters) in Entra's format; the rest is a 500. */
function errorHandler(runtime: EntraRuntime): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const status = typeof error?.status === 'number' ? error.status : 500;
    const ids = requestIds(req);
    const now = runtime.ctx.clock.now();
    if (typeof error?.type === 'string' && status < 500) {
      const tooLarge = status === 413;
      sendEntraError(res, { status: tooLarge ? 413 : 400, error: 'invalid_request', code: 9002313, message: aadstsMessage(9002313), ids, now, failedCheck: 'request-body' });
      return;
    }
    runtime.ctx.logger.error({ err: error, path: req.path, traceId: ids.traceId }, 'unexpected error');
    sendEntraError(res, { status: 500, error: 'server_error', message: 'fedlab: internal error (see the log for the trace id).', ids, now });
  };
}

function notFound(req: Request, res: Response): void {
  res.status(404).json({ error: 'not_found', error_description: `fedlab's Entra has no route for ${req.method} ${req.path}` });
}

/** The fake Entra ID: discovery, keys and the token endpoint per tenant, over HTTPS. */
export function createEntraApp(runtime: EntraRuntime): Express {
  const app = express();
  app.disable('x-powered-by');
  // Entra sends no ETag; hashing every token response for one cost ~1 % of the token endpoint.
  app.set('etag', false);
  app.use(securityHeaders);
  app.get('/health', healthHandler('entra'));
  app.get('/common/discovery/instance', instanceDiscovery(runtime));
  app.get('/_fedlab/traces/:correlationId', fedlabTrace(runtime));
  app.use('/_fedlab', entraControlRouter(runtime));

  // Microsoft Graph's applications API (before the `/:tenant/…` routes, which would read `v1.0` as a tenant).
  app.use('/v1.0', createGraphRouter(runtime));

  const tenant = withTenant(runtime);
  app.get('/:tenant/v2.0/.well-known/openid-configuration', tenant, openidConfigurationV2);
  app.get('/:tenant/.well-known/openid-configuration', tenant, openidConfigurationV1);
  app.get('/:tenant/discovery/v2.0/keys', tenant, discoveryKeys(runtime, 2));
  app.get('/:tenant/discovery/keys', tenant, discoveryKeys(runtime, 1));

  const form = express.urlencoded({ extended: false, limit: MAX_FORM_BYTES, parameterLimit: 100 });
  const rateLimit = clientRateLimit(runtime);
  app.post('/:tenant/oauth2/v2.0/token', form, rateLimit, tokenFault(runtime), tokenEndpoint(runtime, 2));
  app.post('/:tenant/oauth2/token', form, rateLimit, tokenFault(runtime), tokenEndpoint(runtime, 1));
  app.all(['/:tenant/oauth2/v2.0/token', '/:tenant/oauth2/token'], tokenMethodNotAllowed(runtime));

  app.use(notFound);
  app.use(errorHandler(runtime));
  return app;
}
