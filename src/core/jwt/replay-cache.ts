/** Remembers (iss, jti) pairs until the token expires, in bounded memory. */
export interface ReplayCache {
  /** true the first time the pair is seen (and records it); false for a replay. */
  firstUse(iss: string, jti: string, expSeconds: number, nowSeconds: number): boolean;
  readonly size: number;
}

/**
 * Keyed on (iss, jti), not on the token string: one token has many spellings (research §0.3), and an
 * ECDSA signature can be re-signed as (r, n - s). Entries live until exp + skew; when full, the
 * oldest entries go first (a bound on memory, at the price of forgetting the oldest tokens).
 */
export function createReplayCache(options: { maxEntries: number; skewSeconds: number }): ReplayCache {
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
      while (seen.size >= options.maxEntries) seen.delete(seen.keys().next().value!);
      seen.set(key, exp + options.skewSeconds);
      return true;
    },
    get size() {
      return seen.size;
    },
  };
}
