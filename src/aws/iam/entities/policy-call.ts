import type { Check } from '../../../core/checks.js';
import type { ActionCall } from '../../awsquery/action.js';
import { authorizationCheck } from '../action-authorization.js';
import { entityCallContext, type EntityCallContext } from './entity-checks.js';
import { policyArnValid, policyExists } from './policy-arn-checks.js';

/** The checks every call on an existing managed policy starts with: its ARN, the call's own parameters, permission on the ARN, then the policy must exist. */
export function policyCallChecks(call: ActionCall, action: string, more: Check<EntityCallContext>[] = [], exists: Parameters<typeof policyExists>[0] = {}): Check<EntityCallContext>[] {
  return [policyArnValid(), ...more, authorizationCheck<EntityCallContext>(call, action, call.params.get('PolicyArn') ?? undefined), policyExists(exists)];
}

export { entityCallContext as policyCallContext };

/** Say on the event bus that a policy changed (the console and the labs follow it). */
export function announcePolicyChange(call: ActionCall, change: Record<string, unknown>): void {
  call.party.ctx.events.publish({ party: 'aws', type: 'iam-policy-changed', accountId: call.caller.account.id, principal: call.caller.principal.arn, requestId: call.requestId, ...change });
}
