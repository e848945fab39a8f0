import { CheckFailure } from '../../core/checks.js';
import type { AwsRuntime } from '../runtime.js';
import type { OidcProvider } from './provider-store.js';

/** The provider an IAM call names, in the caller's account; NoSuchEntity as IAM answers it. */
export function requireProvider(party: AwsRuntime, accountId: string, arn: string | null): OidcProvider {
  if (arn === null) throw new CheckFailure('ValidationError', "1 validation error detected: Value null at 'openIDConnectProviderArn' failed to satisfy constraint: Member must not be null", 400);
  const provider = party.oidcProviders.byArn(arn);
  if (!provider || arn.split(':')[4] !== accountId) throw new CheckFailure('NoSuchEntity', `OpenIDConnect Provider not found for arn ${arn}`, 404);
  return provider;
}
