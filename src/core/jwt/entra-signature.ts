import { compactVerify, errors, type ProtectedHeaderParameters } from 'jose';
import { IssuerMetadataError, SigningKeyNotFound } from './issuer-keys.js';
import type { TenantKeys } from './entra-tenant-keys.js';

/** Why an Entra access token's signature did not verify; each resource words it in its own protocol. */
export type SignatureProblem =
  | { kind: 'algorithm'; alg: unknown }
  | { kind: 'key-not-found' }
  | { kind: 'keys-unavailable'; reason: string }
  | { kind: 'invalid' };

/**
 * Entra signs access tokens with RS256 only, with a key of the tenant's published set (found over
 * HTTPS by discovery + JWKS, never named by the token). Shared by every resource that accepts them.
 */
export async function entraSignatureProblem(token: string, header: ProtectedHeaderParameters, keys: TenantKeys): Promise<SignatureProblem | undefined> {
  if (header.alg !== 'RS256') return { kind: 'algorithm', alg: header.alg };
  let key: CryptoKey;
  try {
    key = await keys.resolve(header);
  } catch (error) {
    if (error instanceof SigningKeyNotFound || error instanceof errors.JOSEError) return { kind: 'key-not-found' };
    if (error instanceof IssuerMetadataError) return { kind: 'keys-unavailable', reason: error.message };
    throw error;
  }
  try {
    await compactVerify(token, key, { algorithms: ['RS256'] });
    return undefined;
  } catch (error) {
    if (!(error instanceof errors.JOSEError)) throw error;
    return { kind: 'invalid' };
  }
}
