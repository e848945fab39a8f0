import type { Router } from 'express';
import { createControlRouter } from '../../core/control/control-router.js';
import type { EntraRuntime } from '../runtime.js';
import { parseEntraFaultSpec } from './fault-spec.js';
import { forgetIssuerKeys } from './forget-issuer-keys.js';

/** `/_fedlab/*` on the Entra listener: token-endpoint faults, clock, events, issuer key cache. */
export function entraControlRouter(runtime: EntraRuntime): Router {
  return createControlRouter({
    party: 'entra',
    ctx: runtime.ctx,
    host: runtime.config.host,
    faults: runtime.faults,
    parseFaultSpec: parseEntraFaultSpec,
    extend(router) {
      router.delete('/issuer-keys', forgetIssuerKeys(runtime));
    },
  });
}
