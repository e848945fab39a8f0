import { entraFailure } from '../../errors/entra-failure.js';
import { must, type ExchangeCheck } from '../exchange-context.js';

/** The issuer's key set has the key the header names by `kid` (a token without kid has none). */
export const signingKeyCheck: ExchangeCheck = {
  name: 'signing-key',
  stage: 'assertion',
  run(ctx) {
    const { header, payload } = must(ctx.jwt, 'jwt');
    const kid = typeof header.kid === 'string' ? header.kid : '';
    if (!kid) throw entraFailure(7000272, { kid, iss: payload.iss! }, 'the JOSE header has no kid');
    if (ctx.missingKey || !ctx.issuerKey) throw entraFailure(7000272, { kid, iss: payload.iss! }, ctx.missingKey?.message);
  },
};
