import { expect } from '@jest/globals';
import { decodeJwt } from 'jose';
import { AADSTS, type AadstsCode } from '../../../src/entra/errors/aadsts-catalogue.js';
import { segments } from './jws.js';
import { ENTRA_PATHS, isEntraPath, MI_PRINCIPAL_ID, type HttpAnswer, type PathName } from './security-lab.js';

/** The answer a case expects on each path: an AADSTS code (Entra), a failed check (vault, Graph), or ACCEPT. */
export interface Expected {
  entra?: AadstsCode | 'accept';
  vault?: string | 'accept';
  graph?: string | 'accept';
}

export function pathsFor(expected: Expected): PathName[] {
  return [...(expected.entra !== undefined ? ENTRA_PATHS : []), ...(expected.vault !== undefined ? (['vault'] as const) : []), ...(expected.graph !== undefined ? (['graph'] as const) : [])];
}

export function expectedOn(path: PathName, expected: Expected): string | number {
  return (isEntraPath(path) ? expected.entra : path === 'vault' ? expected.vault : expected.graph)!;
}

const STACK = /\n\s+at |\bat [\w.<>]+ \(.*:\d+:\d+\)|node_modules|\.ts:\d+/;

/** What every answer must satisfy (research §1.2 and E-12): JSON, no-store, no stack, no cookie. */
export function expectHygiene(answer: HttpAnswer, token?: string, path?: PathName): void {
  expect(String(answer.headers['content-type'])).toMatch(/^application\/json/);
  // Microsoft Graph answers `Cache-Control: no-cache` (as the real Graph does); the others no-store.
  expect(String(answer.headers['cache-control'])).toContain(path === 'graph' ? 'no-cache' : 'no-store');
  expect(answer.headers['set-cookie']).toBeUndefined();
  expect(answer.text).not.toMatch(STACK);
  expect(answer.status).toBeLessThan(500);
  if (token && token.length >= 16) {
    // No token bytes echoed: the whole token, its payload and its signature never appear. (Key Vault's
    // AKV10046 message quotes the header segment, as the real service does; headers carry no claims.)
    expect(answer.text.includes(token)).toBe(false);
    for (const part of segments(token).slice(1)) if (part && part.length >= 16) expect(answer.text.includes(part)).toBe(false);
  }
}

/** A rejection in the path's own format with the expected code or failed check. */
export function expectRejection(path: PathName, answer: HttpAnswer, expected: string | number, token?: string): void {
  expectHygiene(answer, token, path);
  expect(answer.text).not.toContain('access_token');
  if (isEntraPath(path)) {
    const code = expected as AadstsCode;
    const entry = AADSTS[code];
    // RFC 8693 §2.2.2: every subject-token problem is invalid_request (the grant's errorFor).
    const [status, error] = path === 'te' ? [400, 'invalid_request'] : [entry.status, entry.error];
    expect({ status: answer.status, error: answer.body?.error, codes: answer.body?.error_codes }).toEqual({ status, error, codes: [code] });
  } else if (path === 'vault') {
    expect({ status: answer.status, code: answer.body?.error?.code, check: answer.headers['x-fedlab-failed-check'] }).toEqual({ status: 401, code: 'Unauthorized', check: expected });
    expect(String(answer.headers['www-authenticate'])).toMatch(/^Bearer authorization=/);
  } else {
    expect({ status: answer.status, code: answer.body?.error?.code, check: answer.headers['x-fedlab-failed-check'] }).toEqual({ status: 401, code: 'InvalidAuthenticationToken', check: expected });
  }
}

export function expectAcceptance(path: PathName, answer: HttpAnswer): void {
  expectHygiene(answer, undefined, path);
  if (isEntraPath(path)) {
    expect(answer.status).toBe(200);
    expect(typeof answer.body.access_token).toBe('string');
    if (path === 'mi') expect(decodeJwt(answer.body.access_token).oid).toBe(MI_PRINCIPAL_ID);
    expect(answer.body.token_type).toBe('Bearer');
    if (path === 'te') expect(answer.body.issued_token_type).toBe('urn:ietf:params:oauth:token-type:access_token');
  } else {
    expect(answer.status).toBe(200);
  }
}

export function expectAnswer(path: PathName, answer: HttpAnswer, expected: string | number, token?: string): void {
  if (expected === 'accept') expectAcceptance(path, answer);
  else expectRejection(path, answer, expected, token);
}

/** An Entra rejection with the given status, error and code (for answers outside the token cases' mapping). */
export function expectEntra(answer: HttpAnswer, status: number, error: string, code: number): void {
  expectHygiene(answer);
  expect({ status: answer.status, error: answer.body?.error, codes: answer.body?.error_codes }).toEqual({ status, error, codes: [code] });
  expect(answer.text).not.toContain('access_token');
}
