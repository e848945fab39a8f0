import { enforceChecks } from '../../awsquery/rejection.js';
import type { JsonOperation } from '../../json/operation.js';
import { orgCallChecks, policyFound, policyView, POLICY_ID, stringInput, type OrgCallContext } from '../org-call.js';
import { ORGANIZATIONS } from '../service.js';

export const policyIdInput = (call: Parameters<JsonOperation['handle']>[0]) => ({ name: 'input', run: () => void stringInput(call, 'PolicyId', true, POLICY_ID) });

/** organizations:DescribePolicy — the summary and the content as it was sent. */
export const describePolicy: JsonOperation = {
  name: 'DescribePolicy',
  service: ORGANIZATIONS,
  readOnly: true,
  async handle(call) {
    const ctx: OrgCallContext = { call };
    await enforceChecks([policyIdInput(call), ...orgCallChecks(call, 'organizations:DescribePolicy'), policyFound], ctx);
    return policyView(ctx, ctx.policy!);
  },
};
