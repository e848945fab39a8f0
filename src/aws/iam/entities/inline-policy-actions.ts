import { CheckFailure } from '../../../core/checks.js';
import type { QueryAction } from '../../awsquery/action.js';
import { enforceChecks } from '../../awsquery/rejection.js';
import { IAM } from '../../awsquery/services.js';
import { textElement } from '../../awsquery/xml.js';
import { policySize } from '../policy/index.js';
import { policyDocumentCheck } from '../policy-document-check.js';
import { pageChecks, pageOf, type Page } from '../roles/paging.js';
import type { EntityKind } from '../store/iam-store.js';
import { entityCallChecks, entityCallContext, KIND_LABEL, policyNameValid, type EntityCallContext } from './entity-checks.js';
import { announcePolicyChange } from './policy-call.js';
import { encodedDocument } from './policy-view.js';
import { MAX_INLINE_CHARS } from './quotas.js';

/** Inline policies of roles and users: Put/Get/Delete/List{Role,User}Policies share these. */

const Kind = (kind: EntityKind) => (kind === 'role' ? 'Role' : 'User');
const nameOf = (ctx: EntityCallContext, kind: EntityKind) => ctx.params.get(KIND_LABEL[kind].param)!;

function inlineExists(kind: EntityKind) {
  return {
    name: 'inline-policy-exists',
    run(c: EntityCallContext) {
      const policyName = c.params.get('PolicyName')!;
      if (!(policyName in c.policies!.inline)) throw new CheckFailure('NoSuchEntity', `The ${kind} policy with name ${policyName} cannot be found.`, 404);
    },
  };
}

/** iam:Put{Role,User}Policy — adds or replaces; all inline policies together within 10,240 (role) or 2,048 (user) characters. */
export function putInlinePolicyAction(kind: EntityKind): QueryAction {
  return {
    name: `Put${Kind(kind)}Policy`,
    service: IAM,
    async handle(call) {
      const ctx = entityCallContext(call);
      const max = MAX_INLINE_CHARS[kind];
      const name = call.params.get(KIND_LABEL[kind].param) ?? '';
      const policyName = call.params.get('PolicyName') ?? '';
      const tooLarge = `Maximum policy size of ${max} bytes exceeded for ${kind} ${name}`;
      const aggregate = {
        name: 'inline-policy-quota',
        run(c: EntityCallContext) {
          const others = Object.entries(c.policies!.inline).filter(([n]) => n !== policyName);
          const total = [...others.map(([, doc]) => doc), c.document!].reduce((sum, doc) => sum + policySize(JSON.stringify(doc)), 0);
          if (total > max) throw new CheckFailure('LimitExceeded', tooLarge, 409);
        },
      };
      const document = policyDocumentCheck<EntityCallContext>('PolicyDocument', 'identity', { maxChars: max, message: tooLarge }, (c, doc) => (c.document = doc));
      await enforceChecks([...entityCallChecks(call, kind, `iam:Put${Kind(kind)}Policy`, [policyNameValid, document]), aggregate], ctx);
      ctx.iam.setEntity(kind, nameOf(ctx, kind), { ...ctx.policies!, inline: { ...ctx.policies!.inline, [policyName]: ctx.document! } });
      announcePolicyChange(call, { action: `Put${Kind(kind)}Policy`, target: ctx.entityArn, policyName });
      return undefined;
    },
  };
}

/** iam:Get{Role,User}Policy — the inline document, URL-encoded. */
export function getInlinePolicyAction(kind: EntityKind): QueryAction {
  return {
    name: `Get${Kind(kind)}Policy`,
    service: IAM,
    async handle(call) {
      const ctx = entityCallContext(call);
      await enforceChecks([...entityCallChecks(call, kind, `iam:Get${Kind(kind)}Policy`, [policyNameValid]), inlineExists(kind)], ctx);
      const policyName = call.params.get('PolicyName')!;
      return [textElement(KIND_LABEL[kind].param, nameOf(ctx, kind)), textElement('PolicyName', policyName), textElement('PolicyDocument', encodedDocument(ctx.policies!.inline[policyName]!))];
    },
  };
}

/** iam:Delete{Role,User}Policy. */
export function deleteInlinePolicyAction(kind: EntityKind): QueryAction {
  return {
    name: `Delete${Kind(kind)}Policy`,
    service: IAM,
    async handle(call) {
      const ctx = entityCallContext(call);
      await enforceChecks([...entityCallChecks(call, kind, `iam:Delete${Kind(kind)}Policy`, [policyNameValid]), inlineExists(kind)], ctx);
      const policyName = call.params.get('PolicyName')!;
      const { [policyName]: _deleted, ...inline } = ctx.policies!.inline;
      ctx.iam.setEntity(kind, nameOf(ctx, kind), { ...ctx.policies!, inline });
      announcePolicyChange(call, { action: `Delete${Kind(kind)}Policy`, target: ctx.entityArn, policyName });
      return undefined;
    },
  };
}

/** iam:List{Role,User}Policies — the inline policies' names. */
export function listInlinePoliciesAction(kind: EntityKind): QueryAction {
  return {
    name: `List${Kind(kind)}Policies`,
    service: IAM,
    async handle(call) {
      const ctx = entityCallContext(call);
      const page: Page = { start: 0, maxItems: 100 };
      await enforceChecks(entityCallChecks(call, kind, `iam:List${Kind(kind)}Policies`, [pageChecks(call.params, page)]), ctx);
      const { items, tail } = pageOf(Object.keys(ctx.policies!.inline), page);
      return [...tail, '<PolicyNames>', ...items.map((n) => `  ${textElement('member', n)}`), '</PolicyNames>'];
    },
  };
}
