import { CheckFailure, type Check } from '../../../core/checks.js';
import type { ActionCall } from '../../awsquery/action.js';
import type { ContextValue } from '../policy/index.js';
import type { PolicyJson } from '../policy-config.js';
import { authorizationCheck } from '../action-authorization.js';
import { roleNameValid, type RoleCallContext } from '../roles/role-checks.js';
import { findRole } from '../roles/role-store.js';
import { entityOfArn, type EntityKind, type EntityPolicies, type IamStore } from '../store/iam-store.js';
import type { ManagedPolicyRecord } from '../store/managed-policy-record.js';

/** What a call on a role's or user's policies, or on a managed policy, names and finds. */
export interface EntityCallContext extends RoleCallContext {
  readonly iam: IamStore;
  /** The role's or user's ARN, once it is known to exist. */
  entityArn?: string;
  policies?: EntityPolicies;
  /** A policy document parameter, once valid. */
  document?: PolicyJson;
  /** The managed policy `PolicyArn` names, once found. */
  policy?: ManagedPolicyRecord;
}

const validation = (message: string) => new CheckFailure('ValidationError', `1 validation error detected: ${message}`, 400);

export const KIND_LABEL: Record<EntityKind, { param: string }> = { role: { param: 'RoleName' }, user: { param: 'UserName' } };

export const userNameValid: Check<EntityCallContext> = {
  name: 'user-name',
  run({ params }) {
    const name = params.get('UserName');
    if (name === null) throw validation("Value null at 'userName' failed to satisfy constraint: Member must not be null");
    if (name.length < 1 || name.length > 64) throw validation(`Value '${name}' at 'userName' failed to satisfy constraint: Member must have length ${name.length < 1 ? 'greater than or equal to 1' : 'less than or equal to 64'}`);
    if (!/^[\w+=,.@-]+$/.test(name)) throw validation(`Value '${name}' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+`);
  },
};

/** The ARN of a role (configured for AssumeRole, or a principal's) or a user of the account. */
function entityArn(ctx: EntityCallContext, kind: EntityKind, name: string): string | undefined {
  if (kind === 'role') {
    const role = findRole(ctx.party, ctx.accountId, name);
    if (role) return role.arn;
  }
  const account = ctx.party.directory.byId(ctx.accountId)!;
  return account.principals.find((p) => {
    const who = entityOfArn(p.arn);
    return who?.kind === kind && who.name.toLowerCase() === name.toLowerCase();
  })?.arn;
}

function entityExists(kind: EntityKind): Check<EntityCallContext> {
  return {
    name: `${kind}-exists`,
    run(ctx) {
      const name = ctx.params.get(KIND_LABEL[kind].param)!;
      ctx.entityArn = entityArn(ctx, kind, name);
      if (!ctx.entityArn) throw new CheckFailure('NoSuchEntity', `The ${kind} with name ${name} cannot be found.`, 404);
      ctx.policies = ctx.iam.entity(kind, name);
    },
  };
}

export const entityCallContext = (call: ActionCall): EntityCallContext => ({ party: call.party, accountId: call.caller.account.id, params: call.params, iam: call.caller.account.iam });

/**
 * The checks every call on a role's or user's policies starts with, in IAM's order: its name,
 * the call's own parameters, the caller's permission on the entity's ARN, then the entity must exist.
 */
export function entityCallChecks(call: ActionCall, kind: EntityKind, action: string, more: Check<EntityCallContext>[] = [], context: Record<string, ContextValue> = {}): Check<EntityCallContext>[] {
  const name = call.params.get(KIND_LABEL[kind].param) ?? '';
  const probe = entityCallContext(call);
  const arn = entityArn(probe, kind, name) ?? `arn:aws:iam::${call.caller.account.id}:${kind}/${name}`;
  return [kind === 'role' ? roleNameValid : userNameValid, ...more, authorizationCheck<EntityCallContext>(call, action, arn, context), entityExists(kind)];
}

/** `PolicyName` of inline policies and CreatePolicy: 1 to 128 of `[\w+=,.@-]`. */
export const policyNameValid: Check<EntityCallContext> = {
  name: 'policy-name',
  run({ params }) {
    const name = params.get('PolicyName');
    if (name === null) throw validation("Value null at 'policyName' failed to satisfy constraint: Member must not be null");
    if (name.length < 1 || name.length > 128) throw validation(`Value '${name}' at 'policyName' failed to satisfy constraint: Member must have length ${name.length < 1 ? 'greater than or equal to 1' : 'less than or equal to 128'}`);
    if (!/^[\w+=,.@-]+$/.test(name)) throw validation(`Value '${name}' at 'policyName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+`);
  },
};

/** An optional enum parameter (`Scope`, `EntityFilter`, `PolicyUsageFilter`, …), checked as the model's enum. */
export const oneOf = (param: string, member: string, values: string[]): Check<EntityCallContext> => ({
  name: member,
  run({ params }) {
    const value = params.get(param);
    if (value !== null && !values.includes(value)) throw validation(`Value '${value}' at '${member}' failed to satisfy constraint: Member must satisfy enum value set: [${values.join(', ')}]`);
  },
});
