import { enforceChecks } from '../../awsquery/rejection.js';
import type { JsonOperation } from '../../json/operation.js';
import { orgCallChecks, page, pageInput, policyFound, targetType, type OrgCallContext } from '../org-call.js';
import { ORGANIZATIONS } from '../service.js';
import { policyIdInput } from './describe-policy.js';

/** organizations:ListTargetsForPolicy — the roots, OUs and accounts the policy is attached to. */
export const listTargetsForPolicy: JsonOperation = {
  name: 'ListTargetsForPolicy',
  service: ORGANIZATIONS,
  readOnly: true,
  async handle(call) {
    const ctx: OrgCallContext = { call };
    let paging = { start: 0, max: 20 };
    await enforceChecks([policyIdInput(call), { name: 'paging', run: () => void (paging = pageInput(call)) }, ...orgCallChecks(call, 'organizations:ListTargetsForPolicy'), policyFound], ctx);
    const { items, NextToken } = page(ctx.policy!.targets, paging);
    const org = ctx.org!.id;
    const m = ctx.managementId;
    const arn = (id: string, type: string) => (type === 'ROOT' ? `arn:aws:organizations::${m}:root/${org}/${id}` : type === 'ACCOUNT' ? `arn:aws:organizations::${m}:account/${org}/${id}` : `arn:aws:organizations::${m}:ou/${org}/${id}`);
    const targets = items.map((id) => {
      const type = targetType(ctx, id);
      return { TargetId: id, Arn: arn(id, type), Name: type === 'ROOT' ? 'Root' : id, Type: type };
    });
    return { Targets: targets, ...(NextToken ? { NextToken } : {}) };
  },
};
