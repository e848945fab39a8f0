import type { QueryAction } from '../awsquery/action.js';
import { enforceChecks } from '../awsquery/rejection.js';
import { IAM } from '../awsquery/services.js';
import { pageChecks, pageOf, type Page } from '../iam/roles/paging.js';
import { roleCallChecks, roleCallContext } from '../iam/roles/role-call.js';
import { tagMembers } from '../iam/roles/role-view.js';

/** iam:ListRoleTags */
export const listRoleTags: QueryAction = {
  name: 'ListRoleTags',
  service: IAM,
  async handle(call) {
    const ctx = roleCallContext(call);
    const page: Page = { start: 0, maxItems: 100 };
    await enforceChecks([pageChecks(call.params, page), ...roleCallChecks(call, 'iam:ListRoleTags')], ctx);
    const { items, tail } = pageOf(Object.entries(ctx.role!.tags).map(([Key, Value]) => ({ Key, Value })), page);
    return ['<Tags>', ...tagMembers([...items]).map((l) => `  ${l}`), '</Tags>', ...tail];
  },
};
