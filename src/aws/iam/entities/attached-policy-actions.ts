import { CheckFailure } from '../../../core/checks.js';
import type { QueryAction } from '../../awsquery/action.js';
import { enforceChecks } from '../../awsquery/rejection.js';
import { IAM } from '../../awsquery/services.js';
import { textElement } from '../../awsquery/xml.js';
import { pageChecks, pageOf, pathPrefixValid, type Page } from '../roles/paging.js';
import type { EntityKind } from '../store/iam-store.js';
import { entityCallChecks, entityCallContext, KIND_LABEL, type EntityCallContext } from './entity-checks.js';
import { policyArnValid, policyExists } from './policy-arn-checks.js';
import { announcePolicyChange } from './policy-call.js';
import { MAX_ATTACHED } from './quotas.js';

/** Managed policies attached to roles and users: Attach/Detach/ListAttached{Role,User}Policies share these. */

const Kind = (kind: EntityKind) => (kind === 'role' ? 'Role' : 'User');

/** iam:Attach{Role,User}Policy — idempotent; at most 10 managed policies per role or user. */
export function attachPolicyAction(kind: EntityKind): QueryAction {
  return {
    name: `Attach${Kind(kind)}Policy`,
    service: IAM,
    async handle(call) {
      const ctx = entityCallContext(call);
      const arn = call.params.get('PolicyArn') ?? '';
      const quota = {
        name: 'attachment-quota',
        run(c: EntityCallContext) {
          const { max, quota: name } = MAX_ATTACHED[kind];
          if (!c.policies!.attached.includes(arn) && c.policies!.attached.length >= max) throw new CheckFailure('LimitExceeded', `Cannot exceed quota for ${name}: ${max}`, 409);
        },
      };
      await enforceChecks([...entityCallChecks(call, kind, `iam:Attach${Kind(kind)}Policy`, [policyArnValid()], { 'iam:PolicyARN': arn }), policyExists({ attachable: true }), quota], ctx);
      const name = call.params.get(KIND_LABEL[kind].param)!;
      if (!ctx.policies!.attached.includes(arn)) ctx.iam.setEntity(kind, name, { ...ctx.policies!, attached: [...ctx.policies!.attached, arn] });
      announcePolicyChange(call, { action: `Attach${Kind(kind)}Policy`, target: ctx.entityArn, policyArn: arn });
      return undefined;
    },
  };
}

/** iam:Detach{Role,User}Policy — NoSuchEntity when the policy is not attached. */
export function detachPolicyAction(kind: EntityKind): QueryAction {
  return {
    name: `Detach${Kind(kind)}Policy`,
    service: IAM,
    async handle(call) {
      const ctx = entityCallContext(call);
      const arn = call.params.get('PolicyArn') ?? '';
      const attached = {
        name: 'policy-attached',
        run(c: EntityCallContext) {
          if (!c.policies!.attached.includes(arn)) throw new CheckFailure('NoSuchEntity', `Policy ${arn} was not found.`, 404);
        },
      };
      await enforceChecks([...entityCallChecks(call, kind, `iam:Detach${Kind(kind)}Policy`, [policyArnValid()], { 'iam:PolicyARN': arn }), attached], ctx);
      ctx.iam.setEntity(kind, call.params.get(KIND_LABEL[kind].param)!, { ...ctx.policies!, attached: ctx.policies!.attached.filter((a) => a !== arn) });
      announcePolicyChange(call, { action: `Detach${Kind(kind)}Policy`, target: ctx.entityArn, policyArn: arn });
      return undefined;
    },
  };
}

/** iam:ListAttached{Role,User}Policies — name and ARN of each, filtered by the policies' PathPrefix. */
export function listAttachedPoliciesAction(kind: EntityKind): QueryAction {
  return {
    name: `ListAttached${Kind(kind)}Policies`,
    service: IAM,
    async handle(call) {
      const ctx = entityCallContext(call);
      const page: Page = { start: 0, maxItems: 100 };
      await enforceChecks(entityCallChecks(call, kind, `iam:ListAttached${Kind(kind)}Policies`, [pathPrefixValid(call.params), pageChecks(call.params, page)]), ctx);
      const prefix = call.params.get('PathPrefix') ?? '/';
      const policies = ctx.policies!.attached.map((arn) => ({ arn, name: arn.split('/').pop()!, path: `/${arn.split(':policy/')[1]!.split('/').slice(0, -1).join('/')}/`.replace('//', '/') })).filter((p) => p.path.startsWith(prefix));
      const { items, tail } = pageOf(policies, page);
      const members = items.flatMap((p) => ['<member>', `  ${textElement('PolicyName', p.name)}`, `  ${textElement('PolicyArn', p.arn)}`, '</member>']);
      return [...tail, '<AttachedPolicies>', ...members.map((l) => `  ${l}`), '</AttachedPolicies>'];
    },
  };
}
