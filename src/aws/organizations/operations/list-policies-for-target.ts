import { enforceChecks } from '../../awsquery/rejection.js';
import type { JsonOperation } from '../../json/operation.js';
import { invalidInput, orgCallChecks, page, pageInput, policySummary, stringInput, targetFound, TYPES, type OrgCallContext } from '../org-call.js';
import { ORGANIZATIONS } from '../service.js';
import { targetInput } from './attach-policy.js';

/** organizations:ListPoliciesForTarget — the policies of one type attached directly to the target. */
export const listPoliciesForTarget: JsonOperation = {
  name: 'ListPoliciesForTarget',
  service: ORGANIZATIONS,
  readOnly: true,
  async handle(call) {
    const ctx: OrgCallContext = { call };
    let paging = { start: 0, max: 20 };
    let filter = '';
    const input = {
      name: 'input',
      run() {
        filter = stringInput(call, 'Filter', true)!;
        if (!(TYPES as string[]).includes(filter)) throw invalidInput('You provided a value that does not match the required pattern for Filter.');
        paging = pageInput(call);
      },
    };
    await enforceChecks([targetInput(call), input, ...orgCallChecks(call, 'organizations:ListPoliciesForTarget'), targetFound(call)], ctx);
    const target = call.input.TargetId as string;
    const { items, NextToken } = page(ctx.org!.state().policies.filter((p) => p.type === filter && p.targets.includes(target)), paging);
    return { Policies: items.map((p) => policySummary(ctx, p)), ...(NextToken ? { NextToken } : {}) };
  },
};
