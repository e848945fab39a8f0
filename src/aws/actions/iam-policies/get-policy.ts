import type { QueryAction } from '../../awsquery/action.js';
import { enforceChecks } from '../../awsquery/rejection.js';
import { IAM } from '../../awsquery/services.js';
import { policyCallChecks, policyCallContext } from '../../iam/entities/policy-call.js';
import { policyXml } from '../../iam/entities/policy-view.js';

/** iam:GetPolicy — the policy's metadata (its document is in GetPolicyVersion). */
export const getPolicy: QueryAction = {
  name: 'GetPolicy',
  service: IAM,
  async handle(call) {
    const ctx = policyCallContext(call);
    await enforceChecks(policyCallChecks(call, 'iam:GetPolicy'), ctx);
    return policyXml(ctx.iam, ctx.policy!, true);
  },
};
