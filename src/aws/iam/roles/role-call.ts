import type { Check } from '../../../core/checks.js';
import type { ActionCall } from '../../awsquery/action.js';
import type { AwsRuntime } from '../../runtime.js';
import { authorizationCheck } from '../action-authorization.js';
import { roleExists, roleNameValid, type RoleCallContext } from './role-checks.js';
import { findRole } from './role-store.js';

/**
 * The checks every call on an existing role starts with: its name, the caller's permission on
 * the role's ARN (or the ARN it would have), then the role must exist, as IAM orders them.
 */
export function roleCallChecks(call: ActionCall, action: string, ...more: Check<RoleCallContext>[]): Check<RoleCallContext>[] {
  const name = call.params.get('RoleName') ?? '';
  const arn = resourceArn(call.party, call.caller.account.id, name);
  return [roleNameValid, ...more, authorizationCheck<RoleCallContext>(call, action, arn), roleExists];
}

const resourceArn = (party: AwsRuntime, accountId: string, name: string) => findRole(party, accountId, name)?.arn ?? `arn:aws:iam::${accountId}:role/${name}`;

/** The context of a call on a role in the caller's account. */
export const roleCallContext = (call: ActionCall): RoleCallContext => ({ party: call.party, accountId: call.caller.account.id, params: call.params });
