import type { Request, Response } from 'express';
import { ControlError } from '../../core/control/control-error.js';
import type { EventBus } from '../../core/events.js';
import type { Logger } from '../../core/logger.js';
import { scopeCovers } from '../../core/rbac/authorize.js';
import { roleAssignmentSchema } from '../../core/rbac/role-assignment-schema.js';
import type { VaultRoleAssignments } from '../auth/role-assignments.js';
import { vaultResourceId, type VaultConfig } from '../config.js';

export interface RoleAssignmentRoutesOptions {
  vault: Pick<VaultConfig, 'name' | 'subscriptionId' | 'resourceGroup' | 'authorization'>;
  assignments: VaultRoleAssignments;
  /** The vault's events (they name the vault and its tenant). */
  events: EventBus;
  logger: Logger;
}

/**
 * `/_fedlab/role-assignments` on a vault listener: fedlab's stand-in for ARM's
 * `Microsoft.Authorization/roleAssignments` (there is no ARM API, docs/deviations-arm.md). GET → the
 * assignments this vault decides by; POST `{principalId, role, scope}` (a scope covering the vault or
 * inside it) → 201; DELETE → 204, back to the configured ones; DELETE with `?principalId&role&scope`
 * → 204 with that one removed (how ARM's roleAssignments reach the vault), 404 when there is none.
 * Runtime additions live in this listener's memory only.
 */
export function roleAssignmentRoutes(options: RoleAssignmentRoutesOptions) {
  const vaultId = vaultResourceId(options.vault);
  const { assignments, events } = options;
  return {
    list(_req: Request, res: Response): void {
      res.json({ vault: { name: options.vault.name, id: vaultId, authorization: options.vault.authorization }, value: assignments.list() });
    },
    create(req: Request, res: Response): void {
      const parsed = roleAssignmentSchema.safeParse(req.body ?? {});
      if (!parsed.success) {
        const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
        throw new ControlError(400, 'InvalidRoleAssignment', `invalid role assignment: ${problems.join('; ')}`);
      }
      const assignment = parsed.data;
      if (!scopeCovers(assignment.scope, vaultId) && !scopeCovers(vaultId, assignment.scope)) {
        throw new ControlError(400, 'InvalidScope', `scope ${assignment.scope} is neither this vault (${vaultId}), one of its parents, nor inside it`);
      }
      if (!assignments.add(assignment)) throw new ControlError(409, 'RoleAssignmentExists', 'The role assignment already exists.');
      events.publish({ party: 'vault', type: 'role-assignment-created', ...assignment });
      options.logger.info({ ...assignment }, 'role assignment created');
      res.status(201).json(assignment);
    },
    reset(req: Request, res: Response): void {
      const { principalId, role, scope } = req.query;
      if (principalId !== undefined || role !== undefined || scope !== undefined) {
        const one = { principalId: String(principalId ?? ''), role: String(role ?? ''), scope: String(scope ?? '') };
        if (!assignments.remove(one)) throw new ControlError(404, 'RoleAssignmentNotFound', `no role assignment of ${one.role} to ${one.principalId} at ${one.scope} on this vault`);
        events.publish({ party: 'vault', type: 'role-assignment-deleted', ...one });
        options.logger.info({ ...one }, 'role assignment deleted');
        return void res.status(204).end();
      }
      assignments.reset();
      events.publish({ party: 'vault', type: 'role-assignments-reset', count: assignments.list().length });
      res.status(204).end();
    },
  };
}
