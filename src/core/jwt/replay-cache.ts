import type { EvictionNotice } from '../bounds/eviction-notice.js';
import type { SharedStore } from '../shared/shared-store.js';

/** Remembers (iss, jti) pairs until the token expires, in bounded memory or in the shared store. */
export interface ReplayCache {
  /** true the first time the pair is seen (and records it); false for a replay. */
  firstUse(iss: string, jti: string, expSeconds: number, nowSeconds: number): boolean | Promise<boolean>;
}

/**
 * Keyed on (iss, jti), not on the token string: one token has many spellings (research §0.3), and an
 * ECDSA signature can be re-signed as (r, n - s). Entries live until exp + skew; when full, the
 * oldest entries go first (a bound on memory, at the price of forgetting the oldest tokens; logged).
 */
export function createReplayCache(options: { maxEntries: number; skewSeconds: number; onEvict?: EvictionNotice }): ReplayCache & { readonly size: number } {
  const seen = new Map<string, number>();
  const sweep = (now: number) => {
    for (const [key, until] of seen) if (until < now) seen.delete(key);
  };
  return {
    firstUse(iss, jti, exp, now) {
      const key = JSON.stringify([iss, jti]);
      const until = seen.get(key);
      if (until !== undefined && until >= now) return false;
      if (seen.size >= options.maxEntries) sweep(now);
      let evicted = 0;
      for (; seen.size >= options.maxEntries; evicted++) seen.delete(seen.keys().next().value!);
      if (evicted > 0) options.onEvict?.(evicted);
      seen.set(key, exp + options.skewSeconds);
      return true;
    },
    get size() {
      return seen.size;
    },
  };
}

/**
 * The same cache on the replicas' shared store: `SET NX` with the assertion's remaining life
 * (exp + skew), so a pair used on one replica is refused on every other. Redis expires the keys;
 * `maxEntries` does not apply (Redis's own `maxmemory` bounds it).
 */
export function createSharedReplayCache(store: SharedStore, options: { namespace: string; skewSeconds: number }): ReplayCache {
  return {
    firstUse(iss, jti, exp, now) {
      const ttlSeconds = exp + options.skewSeconds - now;
      return store.claimOnce(`${options.namespace}:jti:${JSON.stringify([iss, jti])}`, Math.max(1, ttlSeconds) * 1000);
    },
  };
}
