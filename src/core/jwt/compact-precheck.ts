import { decodeJwt, decodeProtectedHeader, type JWTPayload, type ProtectedHeaderParameters } from 'jose';

export const MAX_TOKEN_LENGTH = 16 * 1024;

export type CompactProblem = 'empty' | 'too-long' | 'not-compact-jws' | 'non-canonical-base64url' | 'header-not-json-object' | 'payload-not-json-object';

export interface DecodedJwt {
  header: ProtectedHeaderParameters;
  payload: JWTPayload;
}

export class MalformedJwt extends Error {
  constructor(readonly problem: CompactProblem) {
    super(`token is malformed: ${problem}`);
    this.name = 'MalformedJwt';
  }
}

const SEGMENT = /^[A-Za-z0-9_-]+$/;

function canonical(segment: string): boolean {
  return SEGMENT.test(segment) && segment.length % 4 !== 1 && Buffer.from(segment, 'base64url').toString('base64url') === segment;
}

/**
 * A strict look at a compact JWS before anything trusts it: three canonical base64url segments
 * (one token, one spelling: RFC 8725bis §3.14), a size cap, and JSON objects for header and
 * payload. Decoding uses jose; nothing here verifies the signature.
 */
export function precheckCompactJwt(token: string, maxLength = MAX_TOKEN_LENGTH): DecodedJwt {
  if (!token) throw new MalformedJwt('empty');
  if (token.length > maxLength) throw new MalformedJwt('too-long');
  const parts = token.split('.');
  if (parts.length !== 3) throw new MalformedJwt('not-compact-jws');
  if (!parts.every(canonical)) throw new MalformedJwt('non-canonical-base64url');
  let header: ProtectedHeaderParameters;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    throw new MalformedJwt('header-not-json-object');
  }
  let payload: JWTPayload;
  try {
    payload = decodeJwt(token);
  } catch {
    throw new MalformedJwt('payload-not-json-object');
  }
  return { header, payload };
}
