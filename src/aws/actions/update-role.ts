import type { QueryAction } from '../awsquery/action.js';
import { enforceChecks } from '../awsquery/rejection.js';
import { IAM } from '../awsquery/services.js';
import { roleCallChecks, roleCallContext } from '../iam/roles/role-call.js';
import { descriptionValid, maxSessionDurationValid } from '../iam/roles/role-checks.js';
import { setRoleDescription } from '../iam/roles/role-store.js';

/**
 * iam:UpdateRole — `MaxSessionDuration` bounds the next AssumeRole's DurationSeconds at once;
 * sessions already open keep their expiry. A member left out keeps its value (docs/deviations-aws.md).
 */
export const updateRole: QueryAction = {
  name: 'UpdateRole',
  service: IAM,
  async handle(call) {
    const ctx = roleCallContext(call);
    await enforceChecks(roleCallChecks(call, 'iam:UpdateRole', descriptionValid(false), maxSessionDurationValid), ctx);
    const role = ctx.role!;
    const maxSession = call.params.get('MaxSessionDuration');
    const description = call.params.get('Description');
    if (maxSession !== null) role.maxSessionDuration = Number(maxSession);
    if (description !== null) setRoleDescription(call.party, role, description);
    call.party.ctx.events.publish({ party: 'aws', type: 'role-updated', accountId: call.caller.account.id, roleArn: role.arn, maxSessionDuration: role.maxSessionDuration, requestId: call.requestId });
    return [];
  },
};
