import { enforceChecks } from '../../awsquery/rejection.js';
import type { JsonOperation } from '../../json/operation.js';
import { orgCallChecks, page, pageInput, type OrgCallContext } from '../org-call.js';
import { ORGANIZATIONS } from '../service.js';

export function rootView(ctx: OrgCallContext, root: string) {
  return {
    Id: root,
    Arn: `arn:aws:organizations::${ctx.managementId}:root/${ctx.org!.id}/${root}`,
    Name: 'Root',
    PolicyTypes: ctx.org!.state().enabledTypes.map((Type) => ({ Type, Status: 'ENABLED' })),
  };
}

/** organizations:ListRoots — the root with its enabled policy types. */
export const listRoots: JsonOperation = {
  name: 'ListRoots',
  service: ORGANIZATIONS,
  readOnly: true,
  async handle(call) {
    const ctx: OrgCallContext = { call };
    let paging = { start: 0, max: 20 };
    await enforceChecks([{ name: 'paging', run: () => void (paging = pageInput(call)) }, ...orgCallChecks(call, 'organizations:ListRoots')], ctx);
    const { items, NextToken } = page(ctx.org!.nodes.roots, paging);
    return { Roots: items.map((r) => rootView(ctx, r)), ...(NextToken ? { NextToken } : {}) };
  },
};
