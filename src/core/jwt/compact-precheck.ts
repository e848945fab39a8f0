import { decodeJwt, decodeProtectedHeader, type JWTPayload, type ProtectedHeaderParameters } from 'jose';
import { jsonStructureProblem, strictUtf8, type JsonProblem } from './strict-json.js';

export const MAX_TOKEN_LENGTH = 16 * 1024;

/**
 * Header members no relying party here supports (RFC 8725 §3.10, research §7 #8): keys or key URLs
 * named by the token (`jku`, `x5u`, `jwk`, `x5c`), extensions (`crit`, `b64`), nesting (`cty`), and
 * JWE members (`enc`, `zip`) of a token that pretends to be a JWS.
 */
export const FORBIDDEN_HEADER_MEMBERS: readonly string[] = ['jku', 'x5u', 'jwk', 'x5c', 'crit', 'b64', 'cty', 'enc', 'zip'];

export type CompactProblem =
  | 'empty'
  | 'too-long'
  | 'not-compact-jws'
  | 'non-canonical-base64url'
  | 'header-not-json-object'
  | 'payload-not-json-object'
  | `header-${JsonProblem}`
  | `payload-${JsonProblem}`
  | 'alg-not-a-string'
  | 'time-claim-not-finite'
  | `forbidden-header-member-${string}`;

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

export interface PrecheckOptions {
  maxLength?: number;
  /** Header members refused when present (default FORBIDDEN_HEADER_MEMBERS). */
  forbiddenHeaderMembers?: readonly string[];
}

const TOKEN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** One token, one spelling: no padding, no unused bits set, no segment length jose would round down. */
function canonical(segment: string): boolean {
  return segment.length % 4 !== 1 && Buffer.from(segment, 'base64url').toString('base64url') === segment;
}

function strictJson(segment: string, which: 'header' | 'payload'): void {
  const text = strictUtf8(Buffer.from(segment, 'base64url'));
  const problem = text === 'invalid-utf8' || text === 'byte-order-mark' ? text : jsonStructureProblem(text);
  if (problem) throw new MalformedJwt(`${which}-${problem}`);
}

/**
 * A strict look at a compact JWS before anything trusts it (RFC 8725bis §3.14): a size cap checked
 * before any split, exactly three canonical base64url segments, strict UTF-8 JSON objects with no
 * duplicate member and bounded nesting, a string `alg`, and no forbidden header member. Decoding
 * itself is jose's; nothing here verifies the signature.
 */
export function precheckCompactJwt(token: string, options: PrecheckOptions | number = {}): DecodedJwt {
  const { maxLength = MAX_TOKEN_LENGTH, forbiddenHeaderMembers = FORBIDDEN_HEADER_MEMBERS } = typeof options === 'number' ? { maxLength: options } : options;
  if (typeof token !== 'string' || !token) throw new MalformedJwt('empty');
  if (token.length > maxLength) throw new MalformedJwt('too-long');
  if (!TOKEN.test(token)) throw new MalformedJwt('not-compact-jws');
  const [headerSegment, payloadSegment, signature] = token.split('.') as [string, string, string];
  if (![headerSegment, payloadSegment, signature].every(canonical)) throw new MalformedJwt('non-canonical-base64url');
  strictJson(headerSegment, 'header');
  strictJson(payloadSegment, 'payload');
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
  if (typeof header.alg !== 'string') throw new MalformedJwt('alg-not-a-string');
  // 1e99999 parses to Infinity: a token that never expires for any reader comparing numbers.
  if (['exp', 'nbf', 'iat'].some((claim) => typeof payload[claim] === 'number' && !Number.isFinite(payload[claim]))) throw new MalformedJwt('time-claim-not-finite');
  const forbidden = forbiddenHeaderMembers.find((name) => Object.hasOwn(header, name));
  if (forbidden) throw new MalformedJwt(`forbidden-header-member-${forbidden}`);
  return { header, payload };
}
