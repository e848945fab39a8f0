import type { QueryAction } from '../awsquery/action.js';
import { enforceChecks } from '../awsquery/rejection.js';
import { IAM } from '../awsquery/services.js';
import { roleCallChecks, roleCallContext } from '../iam/roles/role-call.js';
import { trustPolicyValid } from '../iam/roles/role-checks.js';

/** iam:UpdateAssumeRolePolicy — the new trust policy decides the next AssumeRole at once. */
export const updateAssumeRolePolicy: QueryAction = {
  name: 'UpdateAssumeRolePolicy',
  service: IAM,
  async handle(call) {
    const ctx = roleCallContext(call);
    await enforceChecks(roleCallChecks(call, 'iam:UpdateAssumeRolePolicy', trustPolicyValid('PolicyDocument')), ctx);
    ctx.role!.trustPolicy = ctx.trustPolicy!;
    call.party.ctx.events.publish({ party: 'aws', type: 'role-trust-policy-updated', accountId: call.caller.account.id, roleArn: ctx.role!.arn, requestId: call.requestId });
    return undefined;
  },
};
