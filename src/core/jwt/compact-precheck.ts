import type { JWTPayload, ProtectedHeaderParameters } from 'jose';
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

/**
 * The segment's bytes, when its spelling is the one canonical base64url of them: no padding, no
 * unused bits set, no length jose would round down. One token, one spelling.
 */
function canonicalBytes(segment: string): Buffer | undefined {
  if (segment.length % 4 === 1) return undefined;
  const bytes = Buffer.from(segment, 'base64url');
  return bytes.toString('base64url') === segment ? bytes : undefined;
}

/** The segment's text, refused unless it is strict UTF-8 JSON (no duplicate member, bounded nesting). */
function strictJsonText(bytes: Buffer, which: 'header' | 'payload'): string {
  const text = strictUtf8(bytes);
  const problem = text === 'invalid-utf8' || text === 'byte-order-mark' ? text : jsonStructureProblem(text);
  if (problem) throw new MalformedJwt(`${which}-${problem}`);
  return text;
}

/** What jose's decodeProtectedHeader / decodeJwt accept: a JSON object, not an array or a primitive. */
function jsonObject(text: string, which: 'header' | 'payload'): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new MalformedJwt(`${which}-not-json-object`);
  return value as Record<string, unknown>;
}

/**
 * A strict look at a compact JWS before anything trusts it (RFC 8725bis §3.14): a size cap checked
 * before any split, exactly three canonical base64url segments, strict UTF-8 JSON objects with no
 * duplicate member and bounded nesting, a string `alg`, and no forbidden header member. Nothing
 * here verifies the signature: that is jose's `jwtVerify`, which decodes the token on its own.
 */
export function precheckCompactJwt(token: string, options: PrecheckOptions | number = {}): DecodedJwt {
  const { maxLength = MAX_TOKEN_LENGTH, forbiddenHeaderMembers = FORBIDDEN_HEADER_MEMBERS } = typeof options === 'number' ? { maxLength: options } : options;
  if (typeof token !== 'string' || !token) throw new MalformedJwt('empty');
  if (token.length > maxLength) throw new MalformedJwt('too-long');
  if (!TOKEN.test(token)) throw new MalformedJwt('not-compact-jws');
  const [headerSegment, payloadSegment, signature] = token.split('.') as [string, string, string];
  // Each segment is decoded once, and the same bytes are checked and parsed (jose decodes the
  // token again when it verifies; these objects are only read before the signature is).
  const headerBytes = canonicalBytes(headerSegment);
  const payloadBytes = canonicalBytes(payloadSegment);
  if (!headerBytes || !payloadBytes || !canonicalBytes(signature)) throw new MalformedJwt('non-canonical-base64url');
  const headerText = strictJsonText(headerBytes, 'header');
  const payloadText = strictJsonText(payloadBytes, 'payload');
  const header = jsonObject(headerText, 'header') as ProtectedHeaderParameters;
  const payload = jsonObject(payloadText, 'payload') as JWTPayload;
  if (typeof header.alg !== 'string') throw new MalformedJwt('alg-not-a-string');
  // 1e99999 parses to Infinity: a token that never expires for any reader comparing numbers.
  if (['exp', 'nbf', 'iat'].some((claim) => typeof payload[claim] === 'number' && !Number.isFinite(payload[claim]))) throw new MalformedJwt('time-claim-not-finite');
  const forbidden = forbiddenHeaderMembers.find((name) => Object.hasOwn(header, name));
  if (forbidden) throw new MalformedJwt(`forbidden-header-member-${forbidden}`);
  return { header, payload };
}
