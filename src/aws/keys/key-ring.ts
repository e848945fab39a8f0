import type { JWK } from 'jose';
import type { KeySource } from '../../core/keys/key-pool.js';
import { importSigningKey, SIGNING_ALGORITHMS, type SigningAlgorithm, type SigningKey, type StoredKey } from '../../core/keys/signing-key.js';

/** AWS numbers key generations in the kid: RSA_0, EC384_0, then RSA_1, EC384_1, … */
const KID_PREFIX: Record<SigningAlgorithm, string> = { RS256: 'RSA', ES384: 'EC384' };

/** Generations kept after a rotation: the current one and two previous ones (older ones are deleted). */
export const KEPT_GENERATIONS = 3;
/** Rotations allowed in a burst, then one per ROTATION_REFILL_MS (a flood cannot churn keys). */
export const ROTATION_BURST = 5;
export const ROTATION_REFILL_MS = 60_000;

export function generationOf(kid: string): number {
  return Number(/_(\d+)$/.exec(kid)?.[1] ?? 0);
}

/** The public JWK as AWS publishes it: the RSA key without `alg`, the EC key with it. */
function publishedJwk(key: SigningKey): JWK {
  const { publicJwk: jwk } = key;
  return key.alg === 'RS256'
    ? { e: jwk.e, kid: key.kid, kty: 'RSA', n: jwk.n, use: 'sig' }
    : { alg: 'ES384', crv: jwk.crv, kid: key.kid, kty: 'EC', use: 'sig', x: jwk.x, y: jwk.y };
}

export interface KeyRing {
  /** The newest generation of this algorithm: what signs new tokens. */
  signingKey(alg: SigningAlgorithm): SigningKey;
  /** Every generation not yet retired at `now`, newest generation first (RSA before EC within one). */
  jwks(now: Date): { keys: JWK[] };
  /**
   * Add generation n+1 of both algorithms; the previous KEPT_GENERATIONS - 1 stay published (until
   * retireAt when given), older ones are deleted. Over the rotation rate: `{ retryAfterSeconds }`.
   */
  rotate(now: Date, retireOldAfterSeconds?: number): Promise<string[] | { retryAfterSeconds: number }>;
  stored(): StoredKey[];
  /** Takes the keys another replica saved (a rotation there): this one signs and publishes them too. */
  replace(stored: StoredKey[]): Promise<void>;
}

export async function createKeyRing(initial: StoredKey[], keySource: KeySource, save: (keys: StoredKey[]) => void, now: Date): Promise<KeyRing> {
  let keys: SigningKey[] = await Promise.all(initial.map(importSigningKey));

  const addGeneration = async (generation: number, at: Date) => {
    const created = await Promise.all(SIGNING_ALGORITHMS.map((alg) => keySource.create(alg, `${KID_PREFIX[alg]}_${generation}`, at)));
    keys = [...keys, ...(await Promise.all(created.map(importSigningKey)))];
  };
  const newestGeneration = () => Math.max(-1, ...keys.map((k) => generationOf(k.kid)));
  const bucket = { tokens: ROTATION_BURST, at: now.getTime() };
  const takeRotation = (at: Date): number => {
    const elapsed = Math.max(0, at.getTime() - bucket.at);
    bucket.tokens = Math.min(ROTATION_BURST, bucket.tokens + elapsed / ROTATION_REFILL_MS);
    bucket.at = at.getTime();
    if (bucket.tokens >= 1) return (bucket.tokens -= 1), 0;
    return Math.ceil(((1 - bucket.tokens) * ROTATION_REFILL_MS) / 1000);
  };

  if (SIGNING_ALGORITHMS.some((alg) => !keys.some((k) => k.alg === alg))) {
    await addGeneration(newestGeneration() + 1, now);
    save(keys.map((k) => k.stored));
  }

  return {
    signingKey(alg) {
      return keys.filter((k) => k.alg === alg).reduce((a, b) => (generationOf(b.kid) > generationOf(a.kid) ? b : a));
    },
    jwks(at) {
      const live = keys.filter((k) => !k.stored.retireAt || Date.parse(k.stored.retireAt) > at.getTime());
      // Newest first: a relying party that reads only the first N keys still finds the current one.
      const ordered = [...live].sort((a, b) => generationOf(b.kid) - generationOf(a.kid) || (a.alg === b.alg ? 0 : a.alg === 'RS256' ? -1 : 1));
      return { keys: ordered.map(publishedJwk) };
    },
    async rotate(at, retireOldAfterSeconds) {
      const retryAfterSeconds = takeRotation(at);
      if (retryAfterSeconds > 0) return { retryAfterSeconds };
      const retireAt = retireOldAfterSeconds === undefined ? null : new Date(at.getTime() + retireOldAfterSeconds * 1000).toISOString();
      if (retireAt) {
        keys = keys.map((k) => (k.stored.retireAt ? k : { ...k, stored: { ...k.stored, retireAt } }));
      }
      const generation = newestGeneration() + 1;
      await addGeneration(generation, at);
      keys = keys.filter((k) => generationOf(k.kid) > generation - KEPT_GENERATIONS);
      save(keys.map((k) => k.stored));
      return SIGNING_ALGORITHMS.map((alg) => `${KID_PREFIX[alg]}_${generation}`);
    },
    stored: () => keys.map((k) => k.stored),
    async replace(stored) {
      keys = await Promise.all(stored.map(importSigningKey));
    },
  };
}
