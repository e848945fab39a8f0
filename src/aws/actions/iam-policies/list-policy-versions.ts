import type { QueryAction } from '../../awsquery/action.js';
import { enforceChecks } from '../../awsquery/rejection.js';
import { IAM } from '../../awsquery/services.js';
import { policyCallChecks, policyCallContext } from '../../iam/entities/policy-call.js';
import { versionXml } from '../../iam/entities/policy-view.js';
import { pageChecks, pageOf, type Page } from '../../iam/roles/paging.js';

/** iam:ListPolicyVersions — the policy's versions, newest first, without documents. */
export const listPolicyVersions: QueryAction = {
  name: 'ListPolicyVersions',
  service: IAM,
  async handle(call) {
    const ctx = policyCallContext(call);
    const page: Page = { start: 0, maxItems: 100 };
    await enforceChecks(policyCallChecks(call, 'iam:ListPolicyVersions', [pageChecks(call.params, page)]), ctx);
    const { items, tail } = pageOf([...ctx.policy!.versions].reverse(), page);
    const members = items.flatMap((v) => versionXml(ctx.policy!, v.versionId, false).map((l) => l.replace(/^(<\/?)PolicyVersion>/, '$1member>')));
    return [...tail, '<Versions>', ...members.map((l) => `  ${l}`), '</Versions>'];
  },
};
