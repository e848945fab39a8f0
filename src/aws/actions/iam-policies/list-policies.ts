import type { QueryAction } from '../../awsquery/action.js';
import { enforceChecks } from '../../awsquery/rejection.js';
import { IAM } from '../../awsquery/services.js';
import { authorizationCheck } from '../../iam/action-authorization.js';
import { entityCallContext, oneOf, type EntityCallContext } from '../../iam/entities/entity-checks.js';
import { policyXml } from '../../iam/entities/policy-view.js';
import { pageChecks, pageOf, pathPrefixValid, type Page } from '../../iam/roles/paging.js';

/**
 * iam:ListPolicies — AWS managed (Scope=AWS), the account's (Local) or both (All), filtered by
 * PathPrefix, OnlyAttached and PolicyUsageFilter, in pages.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListPolicies.html
 */
export const listPolicies: QueryAction = {
  name: 'ListPolicies',
  service: IAM,
  async handle(call) {
    const { params } = call;
    const ctx = entityCallContext(call);
    const page: Page = { start: 0, maxItems: 100 };
    await enforceChecks(
      [oneOf('Scope', 'scope', ['All', 'AWS', 'Local']), oneOf('PolicyUsageFilter', 'policyUsageFilter', ['PermissionsPolicy', 'PermissionsBoundary']), pathPrefixValid(params), pageChecks(params, page), authorizationCheck<EntityCallContext>(call, 'iam:ListPolicies')],
      ctx,
    );
    const scope = params.get('Scope') ?? 'All';
    const prefix = params.get('PathPrefix') ?? '/';
    const onlyAttached = params.get('OnlyAttached') === 'true';
    const usageFilter = params.get('PolicyUsageFilter');
    const policies = ctx.iam.policies().filter((p) => {
      const aws = p.arn.split(':')[4] === 'aws';
      if ((scope === 'AWS' && !aws) || (scope === 'Local' && aws) || !p.path.startsWith(prefix)) return false;
      const usage = ctx.iam.usage(p.arn);
      const used = usageFilter === 'PermissionsPolicy' ? usage.attachments : usageFilter === 'PermissionsBoundary' ? usage.boundaries : usage.attachments + usage.boundaries;
      return !onlyAttached || used > 0;
    });
    const { items, tail } = pageOf(policies, page);
    const members = items.flatMap((p) => policyXml(ctx.iam, p, false, 'member'));
    return [...tail, '<Policies>', ...members.map((l) => `  ${l}`), '</Policies>'];
  },
};
