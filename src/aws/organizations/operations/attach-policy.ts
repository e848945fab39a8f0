import { CheckFailure } from '../../../core/checks.js';
import { enforceChecks } from '../../awsquery/rejection.js';
import type { JsonOperation } from '../../json/operation.js';
import { orgCallChecks, policyFound, saveOrg, stringInput, TARGET_ID, targetFound, type OrgCallContext } from '../org-call.js';
import { ORGANIZATIONS } from '../service.js';
import { policyIdInput } from './describe-policy.js';

export const targetInput = (call: Parameters<JsonOperation['handle']>[0]) => ({ name: 'target-input', run: () => void stringInput(call, 'TargetId', true, TARGET_ID) });

/** organizations:AttachPolicy — to the root, an OU or an account; in force for the next request below it. */
export const attachPolicy: JsonOperation = {
  name: 'AttachPolicy',
  service: ORGANIZATIONS,
  readOnly: false,
  async handle(call) {
    const ctx: OrgCallContext = { call };
    const target = call.input.TargetId as string;
    const notYet = {
      name: 'not-attached-yet',
      run(c: OrgCallContext) {
        if (c.policy!.targets.includes(target)) throw new CheckFailure('DuplicatePolicyAttachmentException', 'The selected policy is already attached to the specified target.', 400);
        if (!c.org!.state().enabledTypes.includes(c.policy!.type)) throw new CheckFailure('PolicyTypeNotEnabledException', 'This operation can be performed only for enabled policy types.', 400);
      },
    };
    await enforceChecks([policyIdInput(call), targetInput(call), ...orgCallChecks(call, 'organizations:AttachPolicy'), policyFound, targetFound(call), notYet], ctx);
    const state = ctx.org!.state();
    saveOrg(ctx, { ...state, policies: state.policies.map((p) => (p.id === ctx.policy!.id ? { ...p, targets: [...p.targets, target] } : p)) }, { action: 'AttachPolicy', policyId: ctx.policy!.id, targetId: target });
    return {};
  },
};
