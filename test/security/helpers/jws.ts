import { webcrypto } from 'node:crypto';

export type Alg = 'RS256' | 'ES384';

export const b64u = (input: string | Uint8Array) => Buffer.from(input).toString('base64url');

const SIGN_PARAMS: Record<Alg, RsaPssParams | EcdsaParams | AlgorithmIdentifier> = {
  RS256: { name: 'RSASSA-PKCS1-v1_5' },
  ES384: { name: 'ECDSA', hash: 'SHA-384' } as EcdsaParams,
};

/** Byte-level control over header and payload (duplicate members, bad UTF-8): research §1.3's rawSign. */
export async function rawSign(headerJson: string, payload: string | Uint8Array, key: CryptoKey, alg: Alg = 'RS256'): Promise<string> {
  const input = `${b64u(headerJson)}.${b64u(payload)}`;
  const signature = new Uint8Array(await webcrypto.subtle.sign(SIGN_PARAMS[alg] as never, key as never, new TextEncoder().encode(input)));
  return `${input}.${b64u(signature)}`;
}

export async function signInputWith(key: CryptoKey, input: string, alg: Alg = 'RS256'): Promise<string> {
  return b64u(new Uint8Array(await webcrypto.subtle.sign(SIGN_PARAMS[alg] as never, key as never, new TextEncoder().encode(input))));
}

export const segments = (token: string) => token.split('.') as [string, string, string];

/** The token with its signature bytes transformed. */
export function withSignature(token: string, transform: (signature: Buffer) => Buffer): string {
  const [h, p, s] = segments(token);
  return `${h}.${p}.${transform(Buffer.from(s, 'base64url')).toString('base64url')}`;
}

/** The token with one segment replaced as text (no re-encoding: for encoding attacks). */
export function withSegment(token: string, index: 0 | 1 | 2, replace: (segment: string) => string): string {
  const parts = segments(token);
  parts[index] = replace(parts[index]);
  return parts.join('.');
}

/** P-384's group order n (for the ECDSA range cases). */
export const P384_N = Buffer.from('ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973', 'hex');

/** Flip the unused low bits of the last base64url character (same bytes, another spelling). */
export function flipUnusedBits(segment: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const last = alphabet.indexOf(segment.at(-1)!);
  const unused = segment.length % 4 === 2 ? 4 : segment.length % 4 === 3 ? 2 : 0;
  if (unused === 0) return segment;
  return segment.slice(0, -1) + alphabet[last ^ 1]!;
}
