import express, { Router, type ErrorRequestHandler, type Request, type Response } from 'express';
import { clientFaultOf } from '../http/client-error.js';
import type { PartyContext } from '../party-context.js';
import { adminAccess } from './admin-access.js';
import { ControlError, sendControlError } from './control-error.js';
import { READ_METHODS, storeLost } from '../shared/store-gate.js';
import { crossSiteGate } from './cross-site-gate.js';
import { clearAllFaults, clearFault } from './endpoints/clear-faults.js';
import { getClock, putClock } from './endpoints/clock.js';
import { eventStream } from './endpoints/event-stream.js';
import type { StreamLimits } from '../http/event-stream-writer.js';
import { injectFault } from './endpoints/inject-fault.js';
import { listFaults } from './endpoints/list-faults.js';
import type { FaultRegistry, FaultSpecBase } from './fault-registry.js';

export interface ControlRouterOptions<S extends FaultSpecBase> {
  party: string;
  ctx: Pick<PartyContext, 'events' | 'logger' | 'clock' | 'adminToken'>;
  /** The listener's bind address: loopback is open, anything else wants the admin token. */
  host: string;
  faults: FaultRegistry<S>;
  /** The party's FaultSpec validation (throws ControlError). */
  parseFaultSpec: (body: unknown) => S;
  /** Party-specific admin routes (e.g. AWS accounts), added before the JSON 404. */
  extend?: (router: Router) => void;
  /** Bounds of `/_fedlab/events` (tests lower them). */
  streamLimits?: StreamLimits;
}

/** JSON bodies are small admin documents; anything unreadable is the caller's mistake. */
const controlErrors: ErrorRequestHandler = (error, _req, res, next) => {
  if (res.headersSent) return next(error);
  if (error instanceof ControlError) return sendControlError(res, error.status, error.code, error.message);
  const fault = clientFaultOf(error);
  if (fault) {
    const what = fault.kind === 'path-undecodable' ? 'the request path could not be decoded' : 'the request body could not be read';
    return sendControlError(res, fault.status, 'InvalidRequest', `${what}: ${fault.message}`);
  }
  next(error);
};

/** With replicas, a runtime change made while their store is lost would stay on this one: 503 until it is back. */
function refuseChangesWhileStoreLost(ctx: Pick<PartyContext, 'sharedStore' | 'events'>) {
  return (req: Request, res: Response, next: () => void): void => {
    const lost = READ_METHODS.has(req.method) ? undefined : storeLost(ctx.sharedStore, ctx.events, `${req.method} /_fedlab${req.path}`);
    if (!lost) return next();
    res.setHeader('Retry-After', String(lost.retryAfterSeconds));
    res.setHeader('x-fedlab-failed-check', 'shared-store-reachable');
    sendControlError(res, 503, 'StoreUnavailable', `${lost.message}: runtime changes are refused until it is back, so that every replica keeps the same state`);
  };
}

/**
 * `/_fedlab/*` runtime control, mounted by every party on its own listener: faults, clock, events,
 * plus whatever the party adds. Parties never reach each other's routers; the composition root
 * talks to each one through its party handle or over HTTP.
 */
export function createControlRouter<S extends FaultSpecBase>(options: ControlRouterOptions<S>): Router {
  const { party, ctx, faults } = options;
  const router = Router();
  router.use(adminAccess(options.host, ctx.adminToken));
  router.use(crossSiteGate);
  router.use(express.json({ limit: '64kb' }));
  router.use(refuseChangesWhileStoreLost(ctx));
  router.get('/faults', listFaults(faults));
  router.post('/faults', injectFault(faults, options.parseFaultSpec));
  router.delete('/faults', clearAllFaults(faults));
  router.delete('/faults/:id', clearFault(faults));
  router.get('/clock', getClock({ party, ctx }));
  router.put('/clock', putClock({ party, ctx }));
  router.get('/events', eventStream(party, ctx.events, ctx.logger, options.streamLimits));
  options.extend?.(router);
  router.use((req: Request, res: Response) => sendControlError(res, 404, 'NotFound', `no runtime-control route for ${req.method} /_fedlab${req.path}`));
  router.use(controlErrors);
  return router;
}
