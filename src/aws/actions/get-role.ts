import type { QueryAction } from '../awsquery/action.js';
import { enforceChecks } from '../awsquery/rejection.js';
import { IAM } from '../awsquery/services.js';
import { roleCallChecks } from '../iam/roles/role-call.js';
import type { RoleCallContext } from '../iam/roles/role-checks.js';
import { roleFields, roleXml } from '../iam/roles/role-view.js';

/** iam:GetRole — the role with its URL-encoded trust policy and tags. */
export const getRole: QueryAction = {
  name: 'GetRole',
  service: IAM,
  async handle(call) {
    const ctx: RoleCallContext = { party: call.party, accountId: call.caller.account.id, params: call.params };
    await enforceChecks(roleCallChecks(call, 'iam:GetRole'), ctx);
    return roleXml(roleFields(call.party, ctx.role!, true));
  },
};
