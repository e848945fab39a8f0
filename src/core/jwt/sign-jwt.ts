import { SignJWT, type JWTPayload } from 'jose';
import type { SigningKey } from '../keys/signing-key.js';

/**
 * Sign with the header members in the given order (real issuers' header bytes are part of the
 * fidelity: AWS sends {"kid","typ","alg"}).
 */
export function signJwt(header: Record<string, string>, payload: JWTPayload, key: SigningKey): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ ...header, alg: key.alg }).sign(key.privateKey);
}
