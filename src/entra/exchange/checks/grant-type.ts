import { entraFailure } from '../../errors/entra-failure.js';
import { GRANTS } from '../../grants/index.js';
import { param, type ExchangeCheck } from '../exchange-context.js';

export const grantTypeCheck: ExchangeCheck = {
  name: 'grant-type',
  stage: 'request',
  run(ctx) {
    const grantType = param(ctx, 'grant_type');
    if (!grantType) throw entraFailure(900144, { name: 'grant_type' });
    const grant = GRANTS.get(grantType);
    if (!grant) throw entraFailure(70003, { grantType }, `fedlab supports ${[...GRANTS.keys()].join(', ')}`);
    if (ctx.runtime.config.strict && !grant.entraNative) {
      throw entraFailure(70003, { grantType }, 'strict mode: real Entra does not implement this grant');
    }
    ctx.grant = grant;
  },
};
