import type { QueryAction } from '../../awsquery/action.js';
import { enforceChecks } from '../../awsquery/rejection.js';
import { IAM } from '../../awsquery/services.js';
import { entityCallChecks, entityCallContext } from '../../iam/entities/entity-checks.js';
import { announcePolicyChange } from '../../iam/entities/policy-call.js';

/** iam:DeleteRolePermissionsBoundary — the role's identity policies alone decide again (a role without a boundary: no change). */
export const deleteRolePermissionsBoundary: QueryAction = {
  name: 'DeleteRolePermissionsBoundary',
  service: IAM,
  async handle(call) {
    const ctx = entityCallContext(call);
    await enforceChecks(entityCallChecks(call, 'role', 'iam:DeleteRolePermissionsBoundary'), ctx);
    const { boundary: _removed, ...rest } = ctx.policies!;
    ctx.iam.setEntity('role', call.params.get('RoleName')!, rest);
    announcePolicyChange(call, { action: 'DeleteRolePermissionsBoundary', target: ctx.entityArn });
    return undefined;
  },
};
