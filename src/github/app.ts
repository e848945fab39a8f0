import express, { type ErrorRequestHandler, type Express, type Router } from 'express';
import { clientFaultOf } from '../core/http/client-error.js';
import { healthHandler, securityHeaders } from '../core/http/common-middleware.js';
import type { PartyContext } from '../core/party-context.js';
import type { SigningKey } from '../core/keys/signing-key.js';
import { discovery } from './actions/discovery.js';
import { idToken } from './actions/id-token.js';
import { jwks } from './actions/jwks.js';
import type { JobRun } from './jobs/job-runs.js';

export interface GithubAppOptions {
  ctx: Pick<PartyContext, 'events' | 'clock' | 'logger'>;
  key: SigningKey;
  runs: readonly JobRun[];
  lifetimeSeconds: number;
  control: Router;
}

/** GitHub Actions' OIDC provider: discovery and keys for verifiers, the ID-token request for runners. */
export function createGithubApp({ ctx, key, runs, lifetimeSeconds, control }: GithubAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(securityHeaders);
  app.get('/health', healthHandler('github'));
  app.use('/_fedlab', control);
  app.get('/.well-known/openid-configuration', discovery);
  app.get('/.well-known/jwks', jwks(key));
  app.get('/_apis/distributedtask/hubs/Actions/plans/:planId/jobs/:jobId/idtoken', idToken({ runs, key, clock: ctx.clock, events: ctx.events, lifetimeSeconds }));
  app.use((req, res) => void res.status(404).json({ message: `no such endpoint: ${req.method} ${req.path}` }));
  app.use(finalErrors(ctx));
  return app;
}

/** A client's malformed request is a 4xx naming what was wrong; anything else is logged, never shown. */
function finalErrors(ctx: Pick<PartyContext, 'logger'>): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) return next(error);
    const fault = clientFaultOf(error);
    if (fault) return void res.status(fault.status).json({ message: fault.message, check: 'request' });
    ctx.logger.error({ err: error, path: req.path }, 'github request failed');
    res.status(500).json({ message: 'internal error' });
  };
}
