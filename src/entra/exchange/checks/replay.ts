import { entraFailure } from '../../errors/entra-failure.js';
import { must, type ExchangeCheck } from '../exchange-context.js';

/**
 * Optional single use of an assertion (`entra.replayCache.enabled`; off by default, as real Entra
 * accepts one external token many times until it expires). Keyed on the verified (iss, jti): a
 * token without jti cannot be tracked and is let through, as Kubernetes tokens have none.
 */
export const replayCheck: ExchangeCheck = {
  name: 'replay',
  stage: 'assertion',
  run(ctx) {
    const cache = ctx.runtime.replayCache;
    if (!cache) return;
    const { iss, jti, exp } = must(ctx.verified, 'verified');
    if (typeof jti !== 'string') return;
    if (!cache.firstUse(iss!, jti, exp!, Math.floor(ctx.request.receivedAtMs / 1000))) {
      throw entraFailure(50027, {}, `the assertion (iss ${iss}, jti ${jti}) was already used; entra.replayCache is enabled`);
    }
  },
};
