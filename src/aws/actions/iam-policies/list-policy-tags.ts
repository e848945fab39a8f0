import type { QueryAction } from '../../awsquery/action.js';
import { enforceChecks } from '../../awsquery/rejection.js';
import { IAM } from '../../awsquery/services.js';
import { policyCallChecks, policyCallContext } from '../../iam/entities/policy-call.js';
import { pageChecks, pageOf, type Page } from '../../iam/roles/paging.js';
import { tagMembers } from '../../iam/roles/role-view.js';

/** iam:ListPolicyTags — the managed policy's tags, in pages. */
export const listPolicyTags: QueryAction = {
  name: 'ListPolicyTags',
  service: IAM,
  async handle(call) {
    const ctx = policyCallContext(call);
    const page: Page = { start: 0, maxItems: 100 };
    await enforceChecks(policyCallChecks(call, 'iam:ListPolicyTags', [pageChecks(call.params, page)]), ctx);
    const { items, tail } = pageOf(Object.entries(ctx.policy!.tags).map(([Key, Value]) => ({ Key, Value })), page);
    return ['<Tags>', ...tagMembers([...items]).map((l) => `  ${l}`), '</Tags>', ...tail];
  },
};
