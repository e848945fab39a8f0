import { enforceChecks } from '../../awsquery/rejection.js';
import type { JsonOperation } from '../../json/operation.js';
import { contentValid, customerPolicy, orgCallChecks, policyFound, policyView, saveOrg, stringInput, type OrgCallContext } from '../org-call.js';
import { ORGANIZATIONS } from '../service.js';
import { policyIdInput } from './describe-policy.js';

/** organizations:UpdatePolicy — name, description and content; the next request is evaluated with the new content. */
export const updatePolicy: JsonOperation = {
  name: 'UpdatePolicy',
  service: ORGANIZATIONS,
  readOnly: false,
  async handle(call) {
    const ctx: OrgCallContext = { call };
    const change: { Name?: string; Description?: string; Content?: string } = {};
    const input = {
      name: 'update-input',
      run() {
        change.Name = stringInput(call, 'Name', false, /^[\s\S]{1,128}$/);
        change.Description = stringInput(call, 'Description', false, /^[\s\S]{0,512}$/);
        change.Content = stringInput(call, 'Content', false);
      },
    };
    const content = { name: 'policy-content', run: (c: OrgCallContext) => void (change.Content !== undefined && contentValid(change.Content, c.policy!.type)) };
    await enforceChecks([policyIdInput(call), input, ...orgCallChecks(call, 'organizations:UpdatePolicy'), policyFound, customerPolicy, content], ctx);
    const p = ctx.policy!;
    const updated = { ...p, name: change.Name ?? p.name, description: change.Description ?? p.description, content: change.Content ?? p.content };
    const state = ctx.org!.state();
    saveOrg(ctx, { ...state, policies: state.policies.map((x) => (x.id === p.id ? updated : x)) }, { action: 'UpdatePolicy', policyId: p.id });
    return policyView(ctx, updated);
  },
};
