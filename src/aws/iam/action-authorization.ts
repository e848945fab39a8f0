import type { Check } from '../../core/checks.js';
import type { ActionCall } from '../awsquery/action.js';
import { authorize } from './authorize.js';
import type { ContextValue } from './policy/index.js';
import { globalContext } from './request-context.js';

/** The `authorization` check of an IAM or Organizations action: the caller's policies must allow it. */
export function authorizationCheck<C>(call: Pick<ActionCall, 'party' | 'caller' | 'region' | 'secureTransport'>, action: string, resource?: string, extra: Record<string, ContextValue> = {}): Check<C> {
  return {
    name: 'authorization',
    run() {
      const context = { ...globalContext(call.caller, call.region, call.party.ctx.clock.nowSeconds(), call.secureTransport), ...extra };
      authorize({ organizations: call.party.organizations, caller: call.caller, action, resource, context });
    },
  };
}
