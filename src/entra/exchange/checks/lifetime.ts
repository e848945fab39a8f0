import { entraFailure } from '../../errors/entra-failure.js';
import { must, type ExchangeCheck } from '../exchange-context.js';

/** Entra's limit for external tokens: 1.01:00:00 (a .NET TimeSpan), i.e. 25 hours. */
export const MAX_ASSERTION_LIFETIME_SECONDS = 25 * 3600;

/** exp - iat <= 25 h. Without iat the lifetime counts from nbf, else from now. */
export const lifetimeCheck: ExchangeCheck = {
  name: 'lifetime',
  stage: 'assertion',
  run(ctx) {
    const { iat, nbf, exp } = must(ctx.verified, 'verified');
    const issuedAt = iat ?? nbf ?? Math.floor(ctx.request.receivedAtMs / 1000);
    if (exp! - issuedAt > MAX_ASSERTION_LIFETIME_SECONDS) {
      throw entraFailure(70023, { iat: issuedAt, exp: exp! }, `lifetime ${exp! - issuedAt} s exceeds ${MAX_ASSERTION_LIFETIME_SECONDS} s`);
    }
  },
};
