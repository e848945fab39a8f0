import express, { type Express, type Router } from 'express';
import type { PartyContext } from '../core/party-context.js';
import { healthHandler, securityHeaders } from '../core/http/common-middleware.js';
import type { TenantKeys } from '../core/jwt/entra-tenant-keys.js';
import { authenticate } from './auth/authenticate.js';
import { finalErrorHandler, unknownOperation } from './http/final-handlers.js';
import { createReject, type Reject } from './http/rejection.js';

export interface ArmAppOptions {
  tenant: string;
  ctx: Pick<PartyContext, 'events' | 'logger' | 'clock'>;
  keys: TenantKeys;
  /** `<authority host>/<tenant>` for the Host the client reached (challenges, wrong-tenant refusals). */
  authority: (host: string | undefined) => string;
  /** `/_fedlab/*` runtime control, mounted ahead of ARM's bearer-token checks. */
  control?: Router;
  /** The resource providers' routes, behind authentication. */
  routes?: (app: Router, reject: Reject) => void;
}

/** Azure Resource Manager: token checks (401 + challenge) → the provider's api-version, body, role check and operation. */
export function createArmApp({ tenant, ctx, keys, authority, control, routes }: ArmAppOptions): Express {
  const reject = createReject(ctx.events, ctx.logger);
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(securityHeaders);
  app.get('/health', healthHandler('arm'));
  if (control) app.use('/_fedlab', control);

  app.use(authenticate({ tenant, keys, clock: ctx.clock, authority, reject }));
  app.use(express.json({ limit: '256kb' }));
  routes?.(app, reject);

  app.use(unknownOperation);
  app.use(finalErrorHandler(ctx.logger, reject));
  return app;
}
