import { entraFailure } from '../../errors/entra-failure.js';
import { must, type ExchangeCheck } from '../exchange-context.js';

/** Only asymmetric algorithms AWS uses (RS256, ES384; RS256 alone in strict mode), before any fetch. */
export const signingAlgorithmCheck: ExchangeCheck = {
  name: 'signing-algorithm',
  stage: 'assertion',
  run(ctx) {
    const alg = must(ctx.jwt, 'jwt').header.alg!;
    const allowed = ctx.runtime.algorithms as readonly string[];
    if (!allowed.includes(alg)) throw entraFailure(700027, {}, `alg '${alg}' is not accepted (accepted: ${allowed.join(', ')})`);
  },
};
