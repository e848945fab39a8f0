import { CheckFailure, type Check } from '../../core/checks.js';
import type { AnyQueryAction } from './action.js';

export interface RoutingContext {
  readonly params: URLSearchParams;
  readonly actions: ReadonlyMap<string, AnyQueryAction>;
  action?: AnyQueryAction;
}

const notFound = (action: string, version: string | null) =>
  new CheckFailure('InvalidAction', `Could not find operation ${action} for version ${version || 'NO_VERSION_SPECIFIED'}`, 400);

const actionPresent: Check<RoutingContext> = {
  name: 'action-present',
  run({ params }) {
    if (!params.get('Action')) throw new CheckFailure('MissingAction', 'Missing Action', 400);
  },
};

const actionKnown: Check<RoutingContext> = {
  name: 'action-known',
  run(ctx) {
    const name = ctx.params.get('Action')!;
    ctx.action = ctx.actions.get(name);
    if (!ctx.action) throw notFound(name, ctx.params.get('Version'));
  },
};

/** awsQuery operations exist per API version: STS 2011-06-15, IAM 2010-05-08. */
const apiVersion: Check<RoutingContext> = {
  name: 'api-version',
  run({ action, params }) {
    if (params.get('Version') !== action!.service.version) throw notFound(action!.name, params.get('Version'));
  },
};

export const ROUTING_CHECKS: readonly Check<RoutingContext>[] = [actionPresent, actionKnown, apiVersion];
