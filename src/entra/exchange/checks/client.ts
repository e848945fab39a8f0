import { entraFailure } from '../../errors/entra-failure.js';
import { must, param, type ExchangeCheck } from '../exchange-context.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** client_id names an application of the tenant: the one whose federated credentials apply. */
export const clientCheck: ExchangeCheck = {
  name: 'client',
  stage: 'client',
  run(ctx) {
    const clientId = param(ctx, 'client_id');
    if (!clientId) throw entraFailure(900144, { name: 'client_id' });
    if (!GUID.test(clientId)) throw entraFailure(700038, { clientId });
    const tenant = must(ctx.tenant, 'tenant');
    const app = ctx.runtime.directory.application(tenant, clientId);
    if (!app) throw entraFailure(700016, { clientId, tenant: tenant.displayName });
    ctx.app = app;
  },
};
