import { CheckFailure } from '../../core/checks.js';
import type { QueryAction } from '../awsquery/action.js';
import { enforceChecks } from '../awsquery/rejection.js';
import { IAM } from '../awsquery/services.js';
import { roleCallChecks, roleCallContext } from '../iam/roles/role-call.js';
import type { RoleCallContext } from '../iam/roles/role-checks.js';
import { removeRole, roleNameOf } from '../iam/roles/role-store.js';

/** iam:DeleteRole — refused while the role still has inline or attached policies, as IAM refuses it. */
export const deleteRole: QueryAction = {
  name: 'DeleteRole',
  service: IAM,
  async handle(call) {
    const ctx = roleCallContext(call);
    const noPolicies = {
      name: 'role-has-no-policies',
      run(c: RoleCallContext) {
        const policies = call.caller.account.iam.entity('role', roleNameOf(c.role!.arn));
        if (Object.keys(policies.inline).length > 0) throw new CheckFailure('DeleteConflict', 'Cannot delete entity, must delete policies first.', 409);
        if (policies.attached.length > 0) throw new CheckFailure('DeleteConflict', 'Cannot delete entity, must detach all policies first.', 409);
      },
    };
    await enforceChecks([...roleCallChecks(call, 'iam:DeleteRole'), noPolicies], ctx);
    removeRole(call.party, call.caller.account.id, ctx.role!);
    call.caller.account.iam.dropEntity('role', roleNameOf(ctx.role!.arn));
    call.party.ctx.events.publish({ party: 'aws', type: 'role-deleted', accountId: call.caller.account.id, roleArn: ctx.role!.arn, requestId: call.requestId });
    return undefined;
  },
};
