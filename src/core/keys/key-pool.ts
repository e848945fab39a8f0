import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { JWK } from 'jose';
import { generateStoredKey, type SigningAlgorithm, type StoredKey } from './signing-key.js';

/**
 * Where new signing keys come from. With a state dir, keys are generated once and kept there.
 * Without one (tests, in-process use) keys are taken from a pool of pre-generated test keys
 * shipped in fixtures/, so that start-up does no RSA key generation.
 */
export interface KeySource {
  create(alg: SigningAlgorithm, kid: string, now?: Date): Promise<StoredKey>;
}

interface PoolFile {
  rsa: JWK[];
  ec384: JWK[];
}

const POOL_PATH = fileURLToPath(new URL('../../../fixtures/keys/pool.json', import.meta.url));
let pool: PoolFile | undefined;
const cursor = { RS256: 0, ES384: 0 };

function loadPool(): PoolFile | undefined {
  if (pool) return pool;
  try {
    pool = JSON.parse(readFileSync(POOL_PATH, 'utf8')) as PoolFile;
  } catch {
    pool = { rsa: [], ec384: [] };
  }
  return pool;
}

export const generatingKeySource: KeySource = { create: generateStoredKey };

/**
 * Hands out pool keys in turn, wrapping around: two in-memory fedlabs in one process may share a
 * key, which is harmless (their issuer URLs differ) and keeps start-up free of key generation.
 */
export const pooledKeySource: KeySource = {
  async create(alg, kid, now = new Date()) {
    const keys = alg === 'RS256' ? loadPool()!.rsa : loadPool()!.ec384;
    if (keys.length === 0) return generateStoredKey(alg, kid, now);
    const index = cursor[alg]++ % keys.length;
    return { kid, alg, privateJwk: keys[index]!, createdAt: now.toISOString(), retireAt: null };
  },
};
