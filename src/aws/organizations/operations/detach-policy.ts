import { CheckFailure } from '../../../core/checks.js';
import { enforceChecks } from '../../awsquery/rejection.js';
import type { JsonOperation } from '../../json/operation.js';
import { orgCallChecks, policyFound, saveOrg, targetFound, type OrgCallContext } from '../org-call.js';
import { ORGANIZATIONS } from '../service.js';
import { targetInput } from './attach-policy.js';
import { policyIdInput } from './describe-policy.js';

/** organizations:DetachPolicy — a target keeps at least one policy of each enabled type (ConstraintViolationException otherwise). */
export const detachPolicy: JsonOperation = {
  name: 'DetachPolicy',
  service: ORGANIZATIONS,
  readOnly: false,
  async handle(call) {
    const ctx: OrgCallContext = { call };
    const target = call.input.TargetId as string;
    const attached = {
      name: 'policy-attached',
      run(c: OrgCallContext) {
        if (!c.policy!.targets.includes(target)) throw new CheckFailure('PolicyNotAttachedException', "The policy isn't attached to the specified target in the specified root.", 400);
        const others = c.org!.state().policies.filter((p) => p.id !== c.policy!.id && p.type === c.policy!.type && p.targets.includes(target));
        if (others.length === 0) {
          throw new CheckFailure('ConstraintViolationException', 'You attempted to detach a policy from an entity that would cause the entity to have fewer than the minimum number of policies of a certain type required (MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED).', 400);
        }
      },
    };
    await enforceChecks([policyIdInput(call), targetInput(call), ...orgCallChecks(call, 'organizations:DetachPolicy'), policyFound, targetFound(call), attached], ctx);
    const state = ctx.org!.state();
    saveOrg(ctx, { ...state, policies: state.policies.map((p) => (p.id === ctx.policy!.id ? { ...p, targets: p.targets.filter((t) => t !== target) } : p)) }, { action: 'DetachPolicy', policyId: ctx.policy!.id, targetId: target });
    return {};
  },
};
