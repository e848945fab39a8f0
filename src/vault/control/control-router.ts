import type { Router } from 'express';
import { ControlError } from '../../core/control/control-error.js';
import { createControlRouter } from '../../core/control/control-router.js';
import { createFaultRegistry, type FaultSpecBase } from '../../core/control/fault-registry.js';
import type { PartyContext } from '../../core/party-context.js';
import { roleAssignmentRoutes, type RoleAssignmentRoutesOptions } from './role-assignments.js';

/** `/_fedlab/*` on the vault listener: clock, events and role assignments; the vault has no fault kinds (yet), so its list stays empty. */
export function vaultControlRouter(ctx: PartyContext, host: string, rbac: RoleAssignmentRoutesOptions): Router {
  return createControlRouter<FaultSpecBase>({
    party: 'vault',
    ctx,
    host,
    faults: createFaultRegistry<FaultSpecBase>('vault', ctx),
    parseFaultSpec: () => {
      throw new ControlError(400, 'UnsupportedFault', 'the vault has no fault kinds; inject issuer faults on the AWS listener and token faults on the Entra listener');
    },
    extend(router) {
      const routes = roleAssignmentRoutes(rbac);
      router.get('/role-assignments', routes.list);
      router.post('/role-assignments', routes.create);
      router.delete('/role-assignments', routes.reset);
    },
  });
}
