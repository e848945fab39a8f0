import { entraFailure } from '../../errors/entra-failure.js';
import { dotNetUtc, fromEpochSeconds } from '../../time-format.js';
import { must, type ExchangeCheck } from '../exchange-context.js';

/**
 * nbf <= now <= exp, with the configured skew, compared as jose does (exp <= now - skew is expired).
 * An iat beyond now + skew is refused the same way: jose checks iat only with maxTokenAge, and a
 * token "issued" in the future is one whose lifetime cap means nothing.
 */
export const timeWindowCheck: ExchangeCheck = {
  name: 'time-window',
  stage: 'assertion',
  run(ctx) {
    const { exp, nbf, iat } = must(ctx.verified, 'verified');
    const skew = ctx.runtime.config.clockSkewSeconds;
    const now = Math.floor(ctx.request.receivedAtMs / 1000);
    const expired = exp! <= now - skew;
    const early = (nbf !== undefined && nbf > now + skew) || (iat !== undefined && iat > now + skew);
    if (!expired && !early) return;
    throw entraFailure(
      700024,
      { now: dotNetUtc(new Date(ctx.request.receivedAtMs)), nbf: dotNetUtc(fromEpochSeconds(nbf ?? 0)), exp: dotNetUtc(fromEpochSeconds(exp!)) },
      `${expired ? 'expired' : iat !== undefined && iat > now + skew ? 'issued in the future' : 'not yet valid'} (clock skew allowed: ${skew} s)`,
    );
  },
};
