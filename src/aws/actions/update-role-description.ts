import type { QueryAction } from '../awsquery/action.js';
import { enforceChecks } from '../awsquery/rejection.js';
import { IAM } from '../awsquery/services.js';
import { roleCallChecks, roleCallContext } from '../iam/roles/role-call.js';
import { descriptionValid } from '../iam/roles/role-checks.js';
import { setRoleDescription } from '../iam/roles/role-store.js';
import { roleAudit, roleFields, roleXml } from '../iam/roles/role-view.js';

/** iam:UpdateRoleDescription — answers the whole role, tags included, as GetRole does. */
export const updateRoleDescription: QueryAction = {
  name: 'UpdateRoleDescription',
  service: IAM,
  async handle(call) {
    const ctx = roleCallContext(call);
    await enforceChecks(roleCallChecks(call, 'iam:UpdateRoleDescription', descriptionValid(true)), ctx);
    setRoleDescription(call.party, ctx.role!, call.params.get('Description')!);
    call.party.ctx.events.publish({ party: 'aws', type: 'role-updated', accountId: call.caller.account.id, roleArn: ctx.role!.arn, requestId: call.requestId });
    const fields = roleFields(call.party, ctx.role!, true);
    call.audit.responseElements = { role: roleAudit(fields) };
    return roleXml(fields);
  },
};
