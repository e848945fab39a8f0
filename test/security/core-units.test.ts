import { expect, test } from '@jest/globals';
import { MalformedJwt, precheckCompactJwt } from '../../src/core/jwt/compact-precheck.js';
import { createReplayCache } from '../../src/core/jwt/replay-cache.js';
import { jsonStructureProblem, strictUtf8 } from '../../src/core/jwt/strict-json.js';

const b64u = (s: string | Buffer) => Buffer.from(s).toString('base64url');
const token = (header: string, payload: string | Buffer) => `${b64u(header)}.${b64u(payload)}.${b64u('signature-bytes')}`;
const problem = (t: string) => {
  try {
    precheckCompactJwt(t);
    return 'ok';
  } catch (error) {
    return (error as MalformedJwt).problem;
  }
};

test('strict JSON: duplicates after unescaping, depth, UTF-8 and BOM', () => {
  expect(jsonStructureProblem('{"a":1,"b":{"a":2}}')).toBeUndefined();
  expect(jsonStructureProblem('{"a":1,"\\u0061":2}')).toBe('duplicate-member');
  expect(jsonStructureProblem('{"a":"x,\\"a\\":1","b":[{"a":1},{"a":2}]}')).toBeUndefined();
  expect(jsonStructureProblem(`{"x":${'['.repeat(40)}${']'.repeat(40)}}`)).toBe('too-deep');
  expect(strictUtf8(Buffer.from([0x7b, 0xc0, 0xaf, 0x7d]))).toBe('invalid-utf8');
  expect(strictUtf8(Buffer.from('\ufeff{}'))).toBe('byte-order-mark');
});

test('compact pre-check: each problem has its name', () => {
  const payload = '{"iss":"i","exp":1}';
  expect(problem(token('{"alg":"RS256"}', payload))).toBe('ok');
  expect(problem('')).toBe('empty');
  expect(problem('a'.repeat(16 * 1024 + 1))).toBe('too-long');
  expect(problem('a.b')).toBe('not-compact-jws');
  expect(problem(`${token('{"alg":"RS256"}', payload)}=`)).toBe('not-compact-jws');
  expect(problem(token('{"alg":"RS256","alg":"none"}', payload))).toBe('header-duplicate-member');
  expect(problem(token('{"alg":"RS256"}', '[1]'))).toBe('payload-not-json-object');
  expect(problem(token('{"alg":1}', payload))).toBe('alg-not-a-string');
  expect(problem(token('{"alg":"RS256","jku":"https://x"}', payload))).toBe('forbidden-header-member-jku');
  expect(problem(token('{"alg":"RS256"}', '{"exp":1e99999}'))).toBe('time-claim-not-finite');
});

test('replay cache: keyed on (iss, jti), forgets expired entries, never grows past maxEntries (F-09)', () => {
  const cache = createReplayCache({ maxEntries: 100, skewSeconds: 300 });
  expect(cache.firstUse('https://a', 'j1', 1000, 900)).toBe(true);
  expect(cache.firstUse('https://a', 'j1', 1000, 901)).toBe(false);
  expect(cache.firstUse('https://b', 'j1', 1000, 901)).toBe(true);
  expect(cache.firstUse('https://a', 'j1', 1000, 1301)).toBe(true);
  for (let i = 0; i < 10_000; i++) cache.firstUse('https://a', `u${i}`, 5000, 1000);
  expect(cache.size).toBeLessThanOrEqual(100);
});
