import { CheckFailure } from '../../../core/checks.js';
import { enforceChecks } from '../../awsquery/rejection.js';
import type { JsonOperation } from '../../json/operation.js';
import { contentValid, invalidInput, orgCallChecks, policyView, saveOrg, stringInput, TYPES, type OrgCallContext } from '../org-call.js';
import { newPolicyId, type OrgPolicy, type OrgPolicyType } from '../organization-store.js';
import { ORGANIZATIONS } from '../service.js';

/**
 * organizations:CreatePolicy — an SCP or RCP (the type must be enabled on the root), attached to
 * nothing until AttachPolicy.
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_CreatePolicy.html
 */
export const createPolicy: JsonOperation = {
  name: 'CreatePolicy',
  service: ORGANIZATIONS,
  readOnly: false,
  async handle(call) {
    const ctx: OrgCallContext = { call };
    const fields = { content: '', name: '', description: '', type: 'SERVICE_CONTROL_POLICY' as OrgPolicyType };
    const input = {
      name: 'input',
      run() {
        fields.content = stringInput(call, 'Content', true, undefined, 1_000_000)!;
        fields.name = stringInput(call, 'Name', true, /^[\s\S]{1,128}$/)!;
        fields.description = stringInput(call, 'Description', true, /^[\s\S]{0,512}$/)!;
        const type = stringInput(call, 'Type', true)!;
        if (!(TYPES as string[]).includes(type)) throw invalidInput(`fedlab serves SERVICE_CONTROL_POLICY and RESOURCE_CONTROL_POLICY, not ${type}.`);
        fields.type = type as OrgPolicyType;
      },
    };
    const rules = [
      { name: 'policy-type-enabled', run: (c: OrgCallContext) => { if (!c.org!.state().enabledTypes.includes(fields.type)) throw new CheckFailure('PolicyTypeNotEnabledException', "This operation can be performed only for enabled policy types.", 400); } },
      { name: 'policy-content', run: () => contentValid(fields.content, fields.type) },
      { name: 'policy-unique', run: (c: OrgCallContext) => { if (c.org!.state().policies.some((p) => p.type === fields.type && p.name === fields.name)) throw new CheckFailure('DuplicatePolicyException', 'A policy with the same name already exists.', 400); } },
    ];
    await enforceChecks([input, ...orgCallChecks(call, 'organizations:CreatePolicy'), ...rules], ctx);
    const state = ctx.org!.state();
    const policy: OrgPolicy = { id: newPolicyId(`${ctx.org!.id}/${fields.name}/${call.requestId}`), ...fields, awsManaged: false, targets: [] };
    saveOrg(ctx, { ...state, policies: [...state.policies, policy] }, { action: 'CreatePolicy', policyId: policy.id });
    return policyView(ctx, policy);
  },
};
