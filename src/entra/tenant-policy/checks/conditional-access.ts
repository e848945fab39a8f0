import { entraFailure } from '../../errors/entra-failure.js';
import { must, type ExchangeCheck } from '../../exchange/exchange-context.js';

/**
 * Conditional Access for workload identities, evaluated once the client has proved itself and
 * the resource is known: an enabled policy that applies to the service principal (and, when it
 * names locations, to the client's address) blocks the token (AADSTS53003, with the policies'
 * ids in the claims challenge as Entra sends them). Report-only policies block nothing.
 */
export const conditionalAccessCheck: ExchangeCheck = {
  name: 'conditional-access',
  stage: 'client',
  run(ctx) {
    const tenant = must(ctx.tenant, 'tenant');
    const app = must(ctx.app, 'app');
    const address = ctx.request.clientAddress;
    const { enforced, reportOnly } = ctx.runtime.tenantPolicies.of(tenant.id).applying([app.appId, app.servicePrincipalId], address);
    if (reportOnly.length > 0) ctx.reportOnlyPolicies = reportOnly;
    if (enforced.length === 0) return;
    const claims = JSON.stringify({ access_token: { capolids: { essential: true, values: enforced.map((p) => p.id) } } });
    throw entraFailure(53003, {}, `blocked by Conditional Access ${enforced.map((p) => `'${p.displayName}'`).join(', ')} (client address ${address || 'unknown'})`, {
      body: { suberror: 'message_only', claims },
    });
  },
};
