import { enforceChecks } from '../../awsquery/rejection.js';
import type { JsonOperation } from '../../json/operation.js';
import { orgCallChecks, page, pageInput, type OrgCallContext } from '../org-call.js';
import { ORGANIZATIONS } from '../service.js';

/** organizations:ListAccounts — the organization's member accounts (names and e-mails are fedlab's). */
export const listAccounts: JsonOperation = {
  name: 'ListAccounts',
  service: ORGANIZATIONS,
  readOnly: true,
  async handle(call) {
    const ctx: OrgCallContext = { call };
    let paging = { start: 0, max: 20 };
    await enforceChecks([{ name: 'paging', run: () => void (paging = pageInput(call)) }, ...orgCallChecks(call, 'organizations:ListAccounts')], ctx);
    const { items, NextToken } = page(ctx.org!.nodes.accounts, paging);
    const accounts = items.map((id) => ({
      Id: id,
      Arn: `arn:aws:organizations::${ctx.managementId}:account/${ctx.org!.id}/${id}`,
      Email: `${id}@example.com`,
      Name: id === ctx.managementId ? 'management' : `account-${id}`,
      Status: 'ACTIVE',
      State: 'ACTIVE',
      JoinedMethod: id === ctx.managementId ? 'CREATED' : 'INVITED',
      JoinedTimestamp: 1_767_225_600,
    }));
    return { Accounts: accounts, ...(NextToken ? { NextToken } : {}) };
  },
};
