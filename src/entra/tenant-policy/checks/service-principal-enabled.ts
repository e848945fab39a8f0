import { entraFailure } from '../../errors/entra-failure.js';
import { must, type ExchangeCheck } from '../../exchange/exchange-context.js';

/** The client's service principal is not disabled (`accountEnabled: false` in Entra). */
export const servicePrincipalEnabledCheck: ExchangeCheck = {
  name: 'service-principal-enabled',
  stage: 'client',
  run(ctx) {
    const tenant = must(ctx.tenant, 'tenant');
    const app = must(ctx.app, 'app');
    if (ctx.runtime.tenantPolicies.of(tenant.id).servicePrincipalDisabled([app.appId, app.servicePrincipalId])) {
      throw entraFailure(7000112, { appId: app.appId, appName: app.displayName }, `service principal ${app.servicePrincipalId} is in the tenant policy's disabledServicePrincipals`);
    }
  },
};
