import type { QueryAction } from '../awsquery/action.js';
import { enforceChecks } from '../awsquery/rejection.js';
import { IAM } from '../awsquery/services.js';
import { authorizationCheck } from '../iam/action-authorization.js';
import { pageChecks, pageOf, pathPrefixValid, type Page } from '../iam/roles/paging.js';
import type { RoleCallContext } from '../iam/roles/role-checks.js';
import { accountRoles, rolePathOf } from '../iam/roles/role-store.js';
import { roleFields, roleXml } from '../iam/roles/role-view.js';

/** iam:ListRoles — the caller's account's roles under `PathPrefix`, without tags (as IAM lists them). */
export const listRoles: QueryAction = {
  name: 'ListRoles',
  service: IAM,
  async handle(call) {
    const { party, params, caller } = call;
    const ctx: RoleCallContext = { party, accountId: caller.account.id, params };
    const page: Page = { start: 0, maxItems: 100 };
    const prefix = params.get('PathPrefix') ?? '/';
    await enforceChecks([pathPrefixValid(params), pageChecks(params, page), authorizationCheck<RoleCallContext>(call, 'iam:ListRoles')], ctx);
    const roles = accountRoles(party, caller.account.id).filter((r) => rolePathOf(r.arn).startsWith(prefix));
    const { items, tail } = pageOf(roles, page);
    const members = items.flatMap((r) => roleXml(roleFields(party, r, false), 'member'));
    return [...tail, '<Roles>', ...members.map((l) => `  ${l}`), '</Roles>'];
  },
};
