import { entraFailure } from '../../errors/entra-failure.js';
import { must, type ExchangeCheck } from '../exchange-context.js';

/** Entra's limit for external tokens: 1.01:00:00 (a .NET TimeSpan), i.e. 25 hours. */
export const MAX_ASSERTION_LIFETIME_SECONDS = 25 * 3600;

/** exp - iat <= 25 h (iat is required by the assertion-format check), which also bounds exp. */
export const lifetimeCheck: ExchangeCheck = {
  name: 'lifetime',
  stage: 'assertion',
  run(ctx) {
    const { iat, exp } = must(ctx.verified, 'verified');
    if (exp! - iat! > MAX_ASSERTION_LIFETIME_SECONDS) {
      throw entraFailure(70023, { iat: iat!, exp: exp! }, `lifetime ${exp! - iat!} s exceeds ${MAX_ASSERTION_LIFETIME_SECONDS} s`);
    }
  },
};
