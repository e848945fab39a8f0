import type { QueryAction } from '../awsquery/action.js';
import { enforceChecks } from '../awsquery/rejection.js';
import { IAM } from '../awsquery/services.js';
import { roleCallChecks, roleCallContext } from '../iam/roles/role-call.js';
import { roleFields, roleXml } from '../iam/roles/role-view.js';

/** iam:GetRole — the role with its URL-encoded trust policy and tags. */
export const getRole: QueryAction = {
  name: 'GetRole',
  service: IAM,
  async handle(call) {
    const ctx = roleCallContext(call);
    await enforceChecks(roleCallChecks(call, 'iam:GetRole'), ctx);
    return roleXml(roleFields(call.party, ctx.role!, true));
  },
};
