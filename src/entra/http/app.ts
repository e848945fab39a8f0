import type { RequestListener } from 'node:http';
import express, { type ErrorRequestHandler, type Express, type Request, type Response } from 'express';
import { healthHandler, securityHeaders } from '../../core/http/common-middleware.js';
import { discoveryKeys } from '../actions/discovery-keys.js';
import { instanceDiscovery } from '../actions/instance-discovery.js';
import { openidConfigurationV1, openidConfigurationV2 } from '../actions/openid-configuration.js';
import { tokenMethodNotAllowed } from '../actions/token-method-not-allowed.js';
import { entraControlRouter } from '../control/control-router.js';
import { createGraphRouter } from '../graph/graph-router.js';
import type { EntraRuntime } from '../runtime.js';
import { sendHttpLayerError } from './http-layer-error.js';
import { requestIds } from './request-ids.js';
import { tokenLane } from './token-lane.js';
import { withTenant } from './with-tenant.js';

/** Body and path errors in Entra's format (see sendHttpLayerError); the rest is a logged 500. */
function errorHandler(runtime: EntraRuntime): ErrorRequestHandler {
  return (error, req, res, _next) => sendHttpLayerError(runtime, req, res, requestIds(req), error);
}

function notFound(req: Request, res: Response): void {
  res.status(404).json({ error: 'not_found', error_description: `fedlab's Entra has no route for ${req.method} ${req.path}` });
}

/** The fake Entra ID's listener: the token lane first, then discovery, keys, Graph and control. */
export function createEntraListener(runtime: EntraRuntime): RequestListener {
  return tokenLane(runtime, createEntraApp(runtime));
}

/** Everything on the Entra listener but `POST` to the token endpoints. */
function createEntraApp(runtime: EntraRuntime): Express {
  const app = express();
  app.disable('x-powered-by');
  // Entra sends no ETag (and hashing every response for one costs time).
  app.set('etag', false);
  app.use(securityHeaders);
  app.get('/health', healthHandler('entra'));
  app.get('/common/discovery/instance', instanceDiscovery(runtime));
  app.use('/_fedlab', entraControlRouter(runtime));

  // Microsoft Graph's applications API (before the `/:tenant/…` routes, which would read `v1.0` as a tenant).
  app.use('/v1.0', createGraphRouter(runtime));
  // Graph beta: the same API plus claimsMatchingExpression (flexible credentials are beta-only).
  app.use('/beta', createGraphRouter(runtime));

  const tenant = withTenant(runtime);
  app.get('/:tenant/v2.0/.well-known/openid-configuration', tenant, openidConfigurationV2);
  app.get('/:tenant/.well-known/openid-configuration', tenant, openidConfigurationV1);
  app.get('/:tenant/discovery/v2.0/keys', tenant, discoveryKeys(runtime, 2));
  app.get('/:tenant/discovery/keys', tenant, discoveryKeys(runtime, 1));

  // POST to these paths never gets here: tokenLane serves it before Express (createEntraListener).
  app.all(['/:tenant/oauth2/v2.0/token', '/:tenant/oauth2/token'], tokenMethodNotAllowed(runtime));

  app.use(notFound);
  app.use(errorHandler(runtime));
  return app;
}
