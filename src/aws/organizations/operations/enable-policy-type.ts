import { CheckFailure } from '../../../core/checks.js';
import { enforceChecks } from '../../awsquery/rejection.js';
import type { JsonOperation } from '../../json/operation.js';
import { FULL_AWS_ACCESS } from '../../iam/organization-levels.js';
import { invalidInput, orgCallChecks, saveOrg, stringInput, TYPES, type OrgCallContext } from '../org-call.js';
import { FULL_ACCESS, type OrgPolicyType } from '../organization-store.js';
import { ORGANIZATIONS } from '../service.js';
import { rootView } from './list-roots.js';

/** organizations:EnablePolicyType — the type's AWS managed full-access policy is attached to every node, as Organizations does. */
export const enablePolicyType: JsonOperation = {
  name: 'EnablePolicyType',
  service: ORGANIZATIONS,
  readOnly: false,
  async handle(call) {
    const ctx: OrgCallContext = { call };
    let type = '' as OrgPolicyType;
    const input = {
      name: 'input',
      run() {
        stringInput(call, 'RootId', true, /^r-[0-9a-z]{4,32}$/);
        const t = stringInput(call, 'PolicyType', true)!;
        if (!(TYPES as string[]).includes(t)) throw invalidInput(`fedlab serves SERVICE_CONTROL_POLICY and RESOURCE_CONTROL_POLICY, not ${t}.`);
        type = t as OrgPolicyType;
      },
    };
    const rules = [
      { name: 'root-exists', run: (c: OrgCallContext) => { if (!c.org!.nodes.roots.includes(call.input.RootId as string)) throw new CheckFailure('RootNotFoundException', "We can't find a root with the RootId that you specified.", 400); } },
      { name: 'policy-type-disabled', run: (c: OrgCallContext) => { if (c.org!.state().enabledTypes.includes(type)) throw new CheckFailure('PolicyTypeAlreadyEnabledException', 'The specified policy type is already enabled.', 400); } },
    ];
    await enforceChecks([input, ...orgCallChecks(call, 'organizations:EnablePolicyType'), ...rules], ctx);
    const state = ctx.org!.state();
    const { roots, ous, accounts } = ctx.org!.nodes;
    const full = { ...FULL_ACCESS[type], type, content: JSON.stringify(FULL_AWS_ACCESS), awsManaged: true, targets: [...roots, ...ous, ...accounts] };
    saveOrg(ctx, { enabledTypes: [...state.enabledTypes, type], policies: [...state.policies.filter((p) => p.id !== full.id), full] }, { action: 'EnablePolicyType', policyType: type });
    return { Root: rootView(ctx, call.input.RootId as string) };
  },
};
