import type { QueryAction } from '../../awsquery/action.js';
import { enforceChecks } from '../../awsquery/rejection.js';
import { IAM } from '../../awsquery/services.js';
import { textElement } from '../../awsquery/xml.js';
import { oneOf } from '../../iam/entities/entity-checks.js';
import { policyCallChecks, policyCallContext } from '../../iam/entities/policy-call.js';
import { uniqueIdOf } from '../../identity/unique-id.js';
import { pageChecks, pageOf, pathPrefixValid, type Page } from '../../iam/roles/paging.js';
import { roleNameOf, rolePathOf } from '../../iam/roles/role-store.js';

const member = (kind: 'Role' | 'User', arn: string) => ['<member>', `  ${textElement(`${kind}Name`, roleNameOf(arn))}`, `  ${textElement(`${kind}Id`, uniqueIdOf(arn))}`, '</member>'];
const list = (name: string, members: string[]) => (members.length > 0 ? [`<${name}>`, ...members.map((l) => `  ${l}`), `</${name}>`] : [`<${name}/>`]);

/**
 * iam:ListEntitiesForPolicy — the roles and users a managed policy is attached to or bounds
 * (fedlab has no groups: PolicyGroups is always empty), filtered by EntityFilter, PathPrefix
 * (the entity's path) and PolicyUsageFilter, in one list paged by Marker/MaxItems.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListEntitiesForPolicy.html
 */
export const listEntitiesForPolicy: QueryAction = {
  name: 'ListEntitiesForPolicy',
  service: IAM,
  async handle(call) {
    const { params } = call;
    const ctx = policyCallContext(call);
    const page: Page = { start: 0, maxItems: 100 };
    const more = [
      oneOf('EntityFilter', 'entityFilter', ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy']),
      oneOf('PolicyUsageFilter', 'policyUsageFilter', ['PermissionsPolicy', 'PermissionsBoundary']),
      pathPrefixValid(params),
      pageChecks(params, page),
    ];
    await enforceChecks(policyCallChecks(call, 'iam:ListEntitiesForPolicy', more), ctx);
    const filter = params.get('EntityFilter');
    const usage = params.get('PolicyUsageFilter');
    const prefix = params.get('PathPrefix') ?? '/';
    const holders = ctx.iam.holders(ctx.policy!.arn).filter(
      (h) =>
        (filter === null || filter.toLowerCase() === h.kind) &&
        (usage === null || (usage === 'PermissionsPolicy' ? h.attached : h.boundary)) &&
        rolePathOf(h.arn).startsWith(prefix),
    );
    const { items, tail } = pageOf(holders, page);
    const of = (kind: 'role' | 'user') => items.filter((h) => h.kind === kind).flatMap((h) => member(kind === 'role' ? 'Role' : 'User', h.arn));
    return [...list('PolicyGroups', []), ...list('PolicyUsers', of('user')), ...list('PolicyRoles', of('role')), ...tail];
  },
};
