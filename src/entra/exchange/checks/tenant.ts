import { TENANT_SEGMENT } from '../../directory/directory.js';
import { entraFailure } from '../../errors/entra-failure.js';
import type { ExchangeCheck } from '../exchange-context.js';

/** The path's tenant: a configured tenant's GUID or one of its domains. */
export const tenantCheck: ExchangeCheck = {
  name: 'tenant',
  stage: 'request',
  run(ctx) {
    const segment = ctx.request.tenantSegment;
    if (!TENANT_SEGMENT.test(segment)) throw entraFailure(900023, { tenant: segment });
    const tenant = ctx.runtime.directory.tenant(segment);
    if (!tenant) throw entraFailure(90002, { tenant: segment });
    ctx.tenant = tenant;
  },
};
