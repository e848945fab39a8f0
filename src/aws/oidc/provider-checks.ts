import { CheckFailure, type Check } from '../../core/checks.js';
import type { ActionCall } from '../awsquery/action.js';
import { authorizationCheck } from '../iam/action-authorization.js';
import type { AwsRuntime } from '../runtime.js';
import type { OidcProvider } from './provider-store.js';

const ARN_PARAM = 'OpenIDConnectProviderArn';

/** The provider an IAM call names, in the caller's account; NoSuchEntity as IAM answers it. */
export function requireProvider(party: AwsRuntime, accountId: string, arn: string | null): OidcProvider {
  if (arn === null) throw new CheckFailure('ValidationError', "1 validation error detected: Value null at 'openIDConnectProviderArn' failed to satisfy constraint: Member must not be null", 400);
  const provider = party.oidcProviders.byArn(arn);
  if (!provider || arn.split(':')[4] !== accountId) throw new CheckFailure('NoSuchEntity', `OpenIDConnect Provider not found for arn ${arn}`, 404);
  return provider;
}

/** What a call on an existing provider found (set by its `provider-exists` check). */
export interface ProviderCallContext {
  provider?: OidcProvider;
}

/**
 * The checks of a call on one provider (Get, Delete): the ARN must be given, the caller's
 * policies must allow the action on that ARN (the `oidc-provider` resource type of IAM's service
 * authorization reference), then the provider must exist in the caller's account — as IAM orders
 * them, so a caller without permission learns nothing about which providers exist.
 */
export function providerCallChecks(call: ActionCall, action: string): Check<ProviderCallContext>[] {
  const arn = call.params.get(ARN_PARAM);
  return [
    {
      name: 'provider-arn',
      run() {
        if (arn === null) requireProvider(call.party, call.caller.account.id, null);
      },
    },
    authorizationCheck<ProviderCallContext>(call, action, arn ?? undefined),
    {
      name: 'provider-exists',
      run(ctx) {
        ctx.provider = requireProvider(call.party, call.caller.account.id, arn);
      },
    },
  ];
}
