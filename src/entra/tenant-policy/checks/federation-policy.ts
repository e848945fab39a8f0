import { entraFailure } from '../../errors/entra-failure.js';
import { must, type ExchangeCheck } from '../../exchange/exchange-context.js';

/**
 * The tenant lets federated assertions in at all (AADSTS700223 when workload identity federation
 * is disabled), and not from this issuer (AADSTS700238 for a blocked one). Runs once the
 * assertion's issuer is readable, before any credential is looked up.
 */
export const federationPolicyCheck: ExchangeCheck = {
  name: 'federation-policy',
  stage: 'assertion',
  run(ctx) {
    const tenant = must(ctx.tenant, 'tenant');
    const active = ctx.runtime.tenantPolicies.of(tenant.id);
    if (active.policy.workloadIdentityFederation === 'disabled') {
      throw entraFailure(700223, { tenant: tenant.displayName }, 'the tenant policy sets workloadIdentityFederation: disabled');
    }
    const iss = String(must(ctx.jwt, 'jwt').payload.iss);
    if (active.issuerBlocked(iss)) throw entraFailure(700238, { iss, tenant: tenant.displayName }, `issuer ${iss} is in the tenant policy's blockedIssuers`);
  },
};
