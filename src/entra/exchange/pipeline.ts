import { assertionFormatCheck } from './checks/assertion-format.js';
import { assertionPresentCheck } from './checks/assertion-present.js';
import { claimsExpressionCheck } from './checks/claims-expression.js';
import { claimsExpressionPolicyCheck } from './checks/claims-expression-policy.js';
import { clientCheck } from './checks/client.js';
import { clientSecretCheck } from './checks/client-secret.js';
import { credentialPropagationCheck } from './checks/credential-propagation.js';
import { federatedCredentialCheck } from './checks/federated-credential.js';
import { grantTypeCheck } from './checks/grant-type.js';
import { issuerMetadataCheck } from './checks/issuer-metadata.js';
import { lifetimeCheck } from './checks/lifetime.js';
import { notEntraIssuedCheck } from './checks/not-entra-issued.js';
import { secretBesideAssertionCheck } from './checks/secret-beside-assertion.js';
import { replayCheck } from './checks/replay.js';
import { requestParametersCheck } from './checks/request-parameters.js';
import { signatureCheck } from './checks/signature.js';
import { signingAlgorithmCheck } from './checks/signing-algorithm.js';
import { signingKeyCheck } from './checks/signing-key.js';
import { targetResourceCheck } from './checks/target-resource.js';
import { tenantCheck } from './checks/tenant.js';
import { timeWindowCheck } from './checks/time-window.js';
import { conditionalAccessCheck, federationPolicyCheck, servicePrincipalEnabledCheck } from '../tenant-policy/index.js';
import type { ExchangeCheck, RawForm } from './exchange-context.js';

/**
 * What the token endpoint checks, in order, for every grant. The order follows what real Entra's
 * errors suggest: request, client, the assertion's shape and federated credential (no outbound
 * fetch before a credential names the issuer), then keys, signature, time, and the resource.
 * The tenant policy's checks (tenant-policy/) sit where Entra meets them.
 */
export const EXCHANGE_CHECKS: readonly ExchangeCheck[] = [
  requestParametersCheck,
  tenantCheck,
  grantTypeCheck,
  clientCheck,
  servicePrincipalEnabledCheck,
  secretBesideAssertionCheck,
  assertionPresentCheck,
  assertionFormatCheck,
  notEntraIssuedCheck,
  federationPolicyCheck,
  federatedCredentialCheck,
  claimsExpressionPolicyCheck,
  credentialPropagationCheck,
  signingAlgorithmCheck,
  issuerMetadataCheck,
  signingKeyCheck,
  signatureCheck,
  timeWindowCheck,
  lifetimeCheck,
  claimsExpressionCheck,
  targetResourceCheck,
  conditionalAccessCheck,
  replayCheck,
];

/** Client credentials with a client secret (Entra's ordinary flow): no assertion to check. */
export const SECRET_CHECKS: readonly ExchangeCheck[] = [
  requestParametersCheck,
  tenantCheck,
  grantTypeCheck,
  clientCheck,
  servicePrincipalEnabledCheck,
  clientSecretCheck,
  targetResourceCheck,
  conditionalAccessCheck,
];

const present = (value: RawForm[string]) => value !== undefined && value !== '';

/** The secret road when a client_credentials request authenticates with a secret and no assertion. */
export function checksFor(form: RawForm): readonly ExchangeCheck[] {
  return form.grant_type === 'client_credentials' && present(form.client_secret) && !present(form.client_assertion) ? SECRET_CHECKS : EXCHANGE_CHECKS;
}
