import { CheckFailure } from '../../../core/checks.js';
import { enforceChecks } from '../../awsquery/rejection.js';
import type { JsonOperation } from '../../json/operation.js';
import { customerPolicy, orgCallChecks, policyFound, saveOrg, type OrgCallContext } from '../org-call.js';
import { ORGANIZATIONS } from '../service.js';
import { policyIdInput } from './describe-policy.js';

/** organizations:DeletePolicy — only once detached from every target. */
export const deletePolicy: JsonOperation = {
  name: 'DeletePolicy',
  service: ORGANIZATIONS,
  readOnly: false,
  async handle(call) {
    const ctx: OrgCallContext = { call };
    const detached = {
      name: 'policy-detached',
      run(c: OrgCallContext) {
        if (c.policy!.targets.length > 0) throw new CheckFailure('PolicyInUseException', 'The policy is attached to one or more entities. You must detach it from all roots, OUs, and accounts before performing this operation.', 400);
      },
    };
    await enforceChecks([policyIdInput(call), ...orgCallChecks(call, 'organizations:DeletePolicy'), policyFound, customerPolicy, detached], ctx);
    const state = ctx.org!.state();
    saveOrg(ctx, { ...state, policies: state.policies.filter((p) => p.id !== ctx.policy!.id) }, { action: 'DeletePolicy', policyId: ctx.policy!.id });
    return {};
  },
};
