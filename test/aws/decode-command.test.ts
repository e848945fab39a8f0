import { Readable } from 'node:stream';
import { generateKeyPair, SignJWT } from 'jose';
import { decodeToken, relativeTime, renderDecoded, runDecode } from '../../src/commands/decode.js';

const NOW = 1_800_000_000;

function sink() {
  let text = '';
  return { write: (s: string) => (text += s), text: () => text };
}

async function awsLikeToken(iat: number, exp: number): Promise<string> {
  const { privateKey } = await generateKeyPair('ES384');
  return new SignJWT({ sub: 'arn:aws:iam::111122223333:role/fedlab-workload', 'https://sts.amazonaws.com/': { aws_account: '111122223333' } })
    .setProtectedHeader({ kid: 'EC384_0', typ: 'JWT', alg: 'ES384' })
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(privateKey);
}

test('relative times read like a person would say them', () => {
  expect(relativeTime('exp', NOW + 240, NOW)).toBe('in 4 min');
  expect(relativeTime('exp', NOW - 180, NOW)).toBe('expired 3 min ago');
  expect(relativeTime('exp', NOW, NOW)).toBe('expired 0 s ago');
  expect(relativeTime('iat', NOW - 45, NOW)).toBe('45 s ago');
  expect(relativeTime('nbf', NOW + 7200, NOW)).toBe('in 2 h');
  expect(relativeTime('iat', NOW - 3 * 86400, NOW)).toBe('3 days ago');
});

test('a token decodes to its header, claims and human times (iat/exp/nbf)', async () => {
  const token = await awsLikeToken(NOW - 60, NOW + 240);
  const decoded = decodeToken(`  ${token}\n`, NOW);
  expect(decoded.header).toEqual({ kid: 'EC384_0', typ: 'JWT', alg: 'ES384' });
  expect(decoded.claims).toMatchObject({ sub: 'arn:aws:iam::111122223333:role/fedlab-workload', iat: NOW - 60, exp: NOW + 240 });
  expect(decoded.times).toEqual([
    { claim: 'iat', value: NOW - 60, human: '2027-01-15T07:59:00Z (1 min ago)' },
    { claim: 'exp', value: NOW + 240, human: '2027-01-15T08:04:00Z (in 4 min)' },
    { claim: 'nbf', value: undefined, human: 'not present' },
  ]);
  const text = renderDecoded(decoded);
  expect(text).toContain('"kid": "EC384_0"');
  expect(text).toContain('"aws_account": "111122223333"');
  expect(text).toContain('  exp  2027-01-15T08:04:00Z (in 4 min)');
});

test('runDecode reads `-` from stdin and exits 0; an expired token says so', async () => {
  const token = await awsLikeToken(NOW - 600, NOW - 300);
  const out = sink();
  const code = await runDecode('-', { stdin: Readable.from([token.slice(0, 10), token.slice(10) + '\n']), stdout: out, stderr: sink() }, NOW);
  expect(code).toBe(0);
  expect(out.text()).toContain('exp  2027-01-15T07:55:00Z (expired 5 min ago)');
});

test.each([
  ['', 'no token given'],
  ['not-a-token', 'not a JWT (expected header.payload.signature, got 1 part)'],
  ['a.b.c', 'not a JWT (expected header.payload.signature, got 3 parts)'],
  ['eyJhbGciOiJub25lIn0.e30.x.y.z', 'not a JWT (expected header.payload.signature, got 5 parts)'],
])('malformed input %j → a clear message and exit code 2', async (input, message) => {
  const err = sink();
  const out = sink();
  expect(await runDecode(input, { stdout: out, stderr: err }, NOW)).toBe(2);
  expect(err.text()).toContain(`fedlab decode: ${message}`);
  expect(out.text()).toBe('');
});
