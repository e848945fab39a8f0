import { b64u, flipUnusedBits, segments, withSegment } from '../helpers/jws.js';
import { isEntraPath, type Kit } from '../helpers/security-lab.js';
import type { TokenCase } from './case.js';

const j = JSON.stringify;
const MALFORMED = { entra: 50027, vault: 'token-well-formed', graph: 'token-signature' } as const;
const onEntra = (k: Kit) => isEntraPath(k.path);
/** Sign a payload given as raw bytes, under the trusted header. */
const rawPayload = (k: Kit, payload: string | Uint8Array) => k.signRaw(j(k.header('RS256')), payload);
/** Sign the exact segment text given (already mutated), so only the encoding is wrong. */
async function signSegments(k: Kit, header: string, payload: string): Promise<string> {
  return `${header}.${payload}.${await k.signInput(`${header}.${payload}`)}`;
}

/** Family D: input encoding and size (research §6.D). */
export const ENCODING_CASES: TokenCase[] = [
  {
    id: 'D-01',
    title: 'structure and separator abuse',
    craft: '".", "..", "a.b", "a.b.c.d", "a.b.c.d.e.f", 15,000 dots, a token with leading/trailing spaces or "Bearer " inside the parameter',
    async make(k) {
      const t = await k.sign();
      const shapes = ['.', '..', 'a.b', 'a.b.c.d', 'a.b.c.d.e.f', '.'.repeat(15_000)];
      return onEntra(k) ? [...shapes, ` ${t}`, `${t} `, `Bearer ${t}`] : shapes;
    },
    expect: MALFORMED,
  },
  {
    id: 'D-02',
    title: 'non-canonical base64url in header or payload (signed after mutation)',
    craft: 'the issuer signs segments carrying "=" padding, "+" or "/" (standard alphabet), "%2B", or non-zero unused bits in the last character',
    async make(k) {
      const h = b64u(j(k.header('RS256')));
      const p = b64u(j(k.claims({ pad: 'xx' })));
      const std = (s: string) => Buffer.from(s, 'base64url').toString('base64');
      const variants: [string, string][] = [
        [`${h}=`, p],
        [h, `${p}==`],
        [std(h), std(p)],
        [h, p.replace(/-/g, '%2B')],
        [flipUnusedBits(h), p],
        [h, flipUnusedBits(p)],
      ];
      return Promise.all(variants.filter(([a, b]) => a !== h || b !== p).map(([a, b]) => signSegments(k, a, b)));
    },
    expect: MALFORMED,
  },
  {
    id: 'D-03',
    title: 'non-canonical signature segment (same bytes, other spelling)',
    craft: 'a valid token with "==" appended to the signature, leading spaces or a newline inside it, or the unused bits of its last character flipped',
    async make(k) {
      const t = await k.sign();
      const spellings = [withSegment(t, 2, (s) => `${s}==`), withSegment(t, 2, flipUnusedBits)];
      return onEntra(k) ? [...spellings, withSegment(t, 2, (s) => `  ${s}`), withSegment(t, 2, (s) => `${s.slice(0, 100)}\n${s.slice(100)}`)] : spellings;
    },
    expect: MALFORMED,
  },
  {
    id: 'D-04',
    title: 'encodings of the form transport',
    craft: 'dots sent as "%2E" (decoded once: literal %2E), the token in quotes, "%00" appended, a "+" inside the token',
    async make(k) {
      const t = await k.sign();
      const variants = [t.replace(/\./g, '%2E'), `"${t}"`, withSegment(t, 1, (p) => `${p.slice(0, 10)}+${p.slice(10)}`)];
      return onEntra(k) ? [...variants, `${t}\u0000`] : variants;
    },
    expect: MALFORMED,
  },
  {
    id: 'D-05',
    title: 'JSON validity and character encoding',
    craft: 'signed payloads with trailing garbage, a // comment, single quotes, NaN, a UTF-8 BOM, UTF-16LE JSON, a 0xFF byte, the overlong sequence C0 AF',
    async make(k) {
      const json = j(k.claims());
      const payloads: (string | Uint8Array)[] = [
        `${json}ABCD`,
        `${json.slice(0, -1)},//c\n"x":1}`,
        json.replace(/"/g, "'"),
        `${json.slice(0, -1)},"x":NaN}`,
        Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json)]),
        Buffer.from(json, 'utf16le'),
        Buffer.concat([Buffer.from(json.slice(0, -1)), Buffer.from(',"x":"'), Buffer.from([0xff]), Buffer.from('"}')]),
        Buffer.concat([Buffer.from(json.slice(0, -1)), Buffer.from(',"x":"'), Buffer.from([0xc0, 0xaf]), Buffer.from('"}')]),
      ];
      return Promise.all(payloads.map((p) => rawPayload(k, p)));
    },
    expect: MALFORMED,
  },
  {
    id: 'D-05b',
    title: 'a lone surrogate in sub survives parsing and matches nothing',
    craft: 'sub = the ARN with "\\ud800" appended (a JSON escape)',
    make: (k) => rawPayload(k, j(k.claims()).replace(/("sub":"[^"]*)"/, '$1\\ud800"')).then((t) => [t]),
    expect: { entra: 700213 },
  },
  {
    id: 'D-06',
    title: 'duplicate member names',
    craft: 'header {"alg":"none","alg":"RS256",…}; payloads with sub, iss, aud or exp twice (the second one valid); a duplicate written "\\u0073ub"',
    async make(k) {
      const header = j(k.header('RS256'));
      const json = j(k.claims());
      const dup = (name: string, first: unknown) => json.replace(`"${name}":`, `"${name}":${j(first)},"${name}":`);
      return Promise.all([
        k.signRaw(`{"alg":"none",${header.slice(1)}`, json),
        ...[dup('sub', 'attacker'), dup('iss', 'https://evil.example'), dup('aud', 'x'), dup('exp', 1), json.replace('"sub":', '"\\u0073ub":"attacker","sub":')].map((p) => rawPayload(k, p)),
      ]);
    },
    expect: MALFORMED,
  },
  {
    id: 'D-07',
    title: 'Unicode look-alikes in sub (exact code points)',
    craft: 'sub with "é" in NFD against an NFC credential subject, a zero-width joiner, an RTL override, a Cyrillic "а" in the role name',
    make: (k) =>
      Promise.all(
        ['arn:aws:iam::111122223333:role/fedlab-workload\u0301', 'arn:aws:iam::111122223333:role/fedlab\u200d-workload', 'arn:aws:iam::111122223333:role/\u202efedlab-workload', 'arn:aws:iam::111122223333:role/fedl\u0430b-workload'].map((sub) =>
          k.sign({ claims: { sub } }),
        ),
      ),
    expect: { entra: 700213 },
  },
  {
    id: 'D-08',
    title: 'a token just under the 16 KiB cap',
    craft: 'the baseline padded with a claim to 16,000 characters',
    async make(k) {
      const base = (await k.sign()).length;
      return [await k.sign({ claims: { pad: 'x'.repeat(Math.floor(((16_000 - base) * 3) / 4)) } })];
    },
    expect: { entra: 'accept' },
  },
  {
    id: 'D-08b',
    title: 'a token over the 16 KiB cap, refused before any decoding',
    craft: 'the baseline padded to 16,385 and 40,000 characters',
    async make(k) {
      const base = (await k.sign()).length;
      return [await k.sign({ claims: { pad: 'x'.repeat(Math.ceil(((16_400 - base) * 3) / 4)) } }), await k.sign({ claims: { pad: 'x'.repeat(30_000) } })];
    },
    expect: { entra: 50027 },
  },
  {
    id: 'D-09',
    title: 'pathological JSON within the cap',
    craft: 'attacker-signed payloads nested 5,000 levels deep, exp = 1e99999 (Infinity)',
    async make(k) {
      const deep = `${j(k.claims()).slice(0, -1)},"x":${'['.repeat(5000)}${']'.repeat(5000)}}`;
      const infinite = j(k.claims()).replace(/"exp":\d+/, '"exp":1e99999');
      return Promise.all([deep, infinite].map((p) => k.signRaw(j(k.header('RS256')), p)));
    },
    expect: { entra: 50027, vault: 'token-well-formed', graph: 'token-signature' },
  },
  {
    id: 'D-12',
    title: 'reflection and log injection through claims',
    craft: 'sub containing CRLF, an ANSI escape, <script>, "}, or 4 KiB of text: the answer is valid JSON with no raw control character',
    make: (k) => Promise.all(['a\r\nX-Injected: 1', '\u001b[31mred', '<script>alert(1)</script>', '"}', 'x'.repeat(4096)].map((sub) => k.sign({ claims: { sub } }))),
    expect: { entra: 700213 },
  },
];

export { segments };
