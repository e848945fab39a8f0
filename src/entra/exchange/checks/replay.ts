import { SharedStoreUnavailable } from '../../../core/shared/shared-store.js';
import { entraFailure } from '../../errors/entra-failure.js';
import { must, type ExchangeCheck } from '../exchange-context.js';

/**
 * Optional single use of an assertion (`entra.replayCache.enabled`; off by default, as real Entra
 * accepts one external token many times until it expires). Keyed on the verified (iss, jti): a
 * token without jti cannot be tracked and is let through, as Kubernetes tokens have none.
 * With `--store`, the cache is shared by every replica; while the store is unreachable the
 * request is answered 503 AADSTS90033 with `Retry-After`, never accepted unchecked.
 */
export const replayCheck: ExchangeCheck = {
  name: 'replay',
  stage: 'assertion',
  run(ctx) {
    const cache = ctx.runtime.replayCache;
    if (!cache) return;
    const { iss, jti, exp } = must(ctx.verified, 'verified');
    if (typeof jti !== 'string') return;
    const verdict = (first: boolean) => {
      if (!first) throw entraFailure(50027, {}, `the assertion (iss ${iss}, jti ${jti}) was already used; entra.replayCache is enabled`);
    };
    const first = cache.firstUse(iss!, jti, exp!, Math.floor(ctx.request.receivedAtMs / 1000));
    if (typeof first === 'boolean') return verdict(first);
    return first.then(verdict, (error: unknown) => {
      if (!(error instanceof SharedStoreUnavailable)) throw error;
      throw entraFailure(90033, {}, `${error.message}: the replay cache cannot be consulted`, { retryAfterSeconds: error.retryAfterSeconds });
    });
  },
};
