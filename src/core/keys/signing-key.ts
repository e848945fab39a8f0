import { createPrivateKey, createPublicKey, generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import { importJWK, type JWK } from 'jose';

export type SigningAlgorithm = 'RS256' | 'ES384';
export const SIGNING_ALGORITHMS: readonly SigningAlgorithm[] = ['RS256', 'ES384'];

/** A signing key as kept in the state dir: private JWK plus bookkeeping. */
export interface StoredKey {
  kid: string;
  alg: SigningAlgorithm;
  privateJwk: JWK;
  createdAt: string;
  /** After this time the key is no longer published. */
  retireAt?: string | null;
}

/** A signing key imported once, ready to sign on the hot path. */
export interface SigningKey {
  readonly kid: string;
  readonly alg: SigningAlgorithm;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
  readonly stored: StoredKey;
}

const generate = promisify(generateKeyPair);

export async function generateStoredKey(alg: SigningAlgorithm, kid: string, now = new Date()): Promise<StoredKey> {
  const { privateKey } =
    alg === 'RS256'
      ? await generate('rsa', { modulusLength: 2048, publicExponent: 0x10001 })
      : await generate('ec', { namedCurve: 'P-384' });
  return { kid, alg, privateJwk: privateKey.export({ format: 'jwk' }) as JWK, createdAt: now.toISOString(), retireAt: null };
}

/** Import once at start-up (never per request). */
export async function importSigningKey(stored: StoredKey): Promise<SigningKey> {
  const publicJwk = createPublicKey(createPrivateKey({ key: stored.privateJwk as never, format: 'jwk' })).export({ format: 'jwk' }) as JWK;
  const privateKey = (await importJWK(stored.privateJwk, stored.alg)) as CryptoKey;
  return { kid: stored.kid, alg: stored.alg, privateKey, publicJwk, stored };
}
