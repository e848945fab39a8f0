import { enforceChecks } from '../../awsquery/rejection.js';
import type { JsonOperation } from '../../json/operation.js';
import { invalidInput, orgCallChecks, page, pageInput, policySummary, stringInput, TYPES, type OrgCallContext } from '../org-call.js';
import { ORGANIZATIONS } from '../service.js';

/** organizations:ListPolicies — the policies of one type (`Filter` is required), AWS managed ones included. */
export const listPolicies: JsonOperation = {
  name: 'ListPolicies',
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
        if (!(TYPES as string[]).includes(filter) && !['TAG_POLICY', 'BACKUP_POLICY', 'AISERVICES_OPT_OUT_POLICY', 'CHATBOT_POLICY', 'DECLARATIVE_POLICY_EC2'].includes(filter)) throw invalidInput('You provided a value that does not match the required pattern for Filter.');
        paging = pageInput(call);
      },
    };
    await enforceChecks([input, ...orgCallChecks(call, 'organizations:ListPolicies')], ctx);
    const { items, NextToken } = page(ctx.org!.state().policies.filter((p) => p.type === filter), paging);
    return { Policies: items.map((p) => policySummary(ctx, p)), ...(NextToken ? { NextToken } : {}) };
  },
};
