import { createHmac, createPublicKey } from 'node:crypto';
import { CompactEncrypt, exportJWK, generateKeyPair } from 'jose';
import { b64u, P384_N, segments, withSignature } from '../helpers/jws.js';
import type { Kit } from '../helpers/security-lab.js';
import type { TokenCase } from './case.js';

const j = JSON.stringify;
const forAlgs = async (k: Kit, make: (alg: 'RS256' | 'ES384') => Promise<string>) => Promise.all(k.algs.map(make));
/** A header with this alg, signed as the trusted RS256 key would sign (only the alg text differs). */
const signedWithAlgText = async (k: Kit, alg: unknown) => k.signRaw(j({ ...k.header('RS256'), alg }), j(k.claims()));

const bigint = (b: Buffer) => BigInt(`0x${b.toString('hex') || '0'}`);
const bytes48 = (n: bigint) => Buffer.from(n.toString(16).padStart(96, '0'), 'hex');
const N = bigint(P384_N);

/** DER SEQUENCE { INTEGER r, INTEGER s } of a raw r||s signature (what JWS must NOT carry). */
function der(raw: Buffer): Buffer {
  const int = (b: Buffer) => {
    let v = b;
    while (v.length > 1 && v[0] === 0) v = v.subarray(1);
    if (v[0]! & 0x80) v = Buffer.concat([Buffer.from([0]), v]);
    return Buffer.concat([Buffer.from([0x02, v.length]), v]);
  };
  const body = Buffer.concat([int(raw.subarray(0, 48)), int(raw.subarray(48))]);
  return Buffer.concat([Buffer.from([0x30, 0x81, body.length]), body]);
}

const REFUSED_SIGNATURE = { entra: 700027, vault: 'signature', graph: 'token-signature' } as const;
const MALFORMED = { entra: 50027, vault: 'token-well-formed', graph: 'token-signature' } as const;

/** Family A: signature and algorithm (research §6.A). */
export const SIGNATURE_CASES: TokenCase[] = [
  {
    id: 'A-01',
    title: 'positive controls RS256 and ES384',
    craft: 'the trusted issuer signs the baseline claims with its RS256 key and its ES384 key (Entra-shaped tokens: RS256 only)',
    make: (k) => forAlgs(k, (alg) => k.sign({ alg })),
    expect: { entra: 'accept', vault: 'accept', graph: 'accept' },
  },
  {
    id: 'A-02',
    title: 'alg none and its case variants, signature absent',
    craft: 'header {"alg":"none"|"None"|"NONE"|"nOnE"} (also with the trusted kid), baseline payload, as `h.p.` and `h.p`',
    async make(k) {
      const p = b64u(j(k.claims()));
      return ['none', 'None', 'NONE', 'nOnE'].flatMap((alg) => [`${b64u(j({ alg }))}.${p}.`, `${b64u(j({ alg, kid: k.kidOf('RS256') }))}.${p}`]);
    },
    expect: MALFORMED,
  },
  {
    id: 'A-03',
    title: 'signature replaced by a null value, alg kept',
    craft: 'a valid RS256 token whose signature is `AA` or 256 zero bytes',
    make: async (k) => [withSignature(await k.sign(), () => Buffer.alloc(1)), withSignature(await k.sign(), () => Buffer.alloc(256))],
    expect: REFUSED_SIGNATURE,
  },
  {
    id: 'A-04',
    title: 'corrupted signature (OIDF recipe)',
    craft: 'every signature byte XOR 0x5A; and a single flipped bit; for each algorithm the issuer uses',
    async make(k) {
      const tokens = await forAlgs(k, (alg) => k.sign({ alg }));
      return tokens.flatMap((t) => [withSignature(t, (s) => s.map((b) => b ^ 0x5a) as Buffer), withSignature(t, (s) => Buffer.from(s.map((b, i) => (i === 10 ? b ^ 1 : b))))]);
    },
    expect: REFUSED_SIGNATURE,
  },
  {
    id: 'A-05',
    title: 'header or payload changed after signing',
    craft: 'a valid signature kept while the payload gets another jti, or the header another typ',
    async make(k) {
      const [h, , s] = segments(await k.sign());
      const other = segments(await k.sign())[1];
      const [, p] = segments(await k.sign());
      return [`${h}.${other}.${s}`, `${b64u(j(k.header('RS256', { typ: 'JOSE' })))}.${p}.${segments(await k.sign())[2]}`];
    },
    expect: REFUSED_SIGNATURE,
  },
  {
    id: 'A-06',
    title: 'HMAC with the issuer public key as the secret',
    craft: 'header {"alg":"HS256"|"HS384"|"HS512","kid":<trusted kid>}, HMAC over h.p keyed with the SPKI PEM, the JWK JSON, the DER bytes, or ""',
    async make(k) {
      const input = (alg: string) => `${b64u(j(k.header('RS256', { alg })))}.${b64u(j(k.claims()))}`;
      const secrets: (string | Buffer)[] = ['', '-----BEGIN PUBLIC KEY-----\n', j({ kty: 'RSA', kid: k.kidOf('RS256') })];
      const { publicKey } = await generateKeyPair('RS256', { extractable: true });
      const pem = createPublicKey({ key: (await exportJWK(publicKey)) as never, format: 'jwk' });
      secrets.push(pem.export({ type: 'spki', format: 'pem' }) as string, pem.export({ type: 'spki', format: 'der' }));
      return ['HS256', 'HS384', 'HS512'].flatMap((alg) =>
        secrets.map((secret) => `${input(alg)}.${createHmac(`sha${alg.slice(2)}`, secret).update(input(alg)).digest('base64url')}`),
      );
    },
    expect: REFUSED_SIGNATURE,
  },
  {
    id: 'A-07',
    title: 'algorithm outside the allow-list, signed with the real key',
    craft: 'the trusted RSA key signs the baseline under PS256, RS384 and RS512',
    make: (k) => Promise.all(['PS256', 'RS384', 'RS512'].map((alg) => k.signAs!(alg))),
    expect: { entra: 700027, vault: 'signature' },
  },
  {
    id: 'A-08',
    title: 'spelling variants of alg',
    craft: 'alg `rs256`, `"RS256 "`, `" RS256"`, `"RS256\\u0000"`, full-width `ＲＳ256`, RS256 with a zero-width joiner; signature by the RS256 key',
    make: (k) => Promise.all(['rs256', 'RS256 ', ' RS256', 'RS256\u0000', 'ＲＳ256', 'RS\u200d256'].map((alg) => signedWithAlgText(k, alg))),
    expect: REFUSED_SIGNATURE,
  },
  {
    id: 'A-09',
    title: 'alg missing or of the wrong type',
    craft: 'a header with only kid; alg null, 256, ["RS256"] or {}',
    async make(k) {
      const headerless = k.signRaw(j({ kid: k.kidOf('RS256'), typ: 'JWT' }), j(k.claims()));
      return Promise.all([headerless, ...[null, 256, ['RS256'], {}].map((alg) => signedWithAlgText(k, alg))]);
    },
    expect: MALFORMED,
  },
  {
    id: 'A-10',
    title: 'ECDSA psychic signatures and range checks (ES384)',
    craft: 'header {"alg":"ES384","kid":<ec key>}, signatures r=s=0 (96 zero bytes), r=0 s=1, r=1 s=0, r=s=n, r=n s=1 (P-384 order n)',
    async make(k) {
      const input = `${b64u(j(k.header('ES384')))}.${b64u(j(k.claims()))}`;
      const sig = (r: bigint, s: bigint) => `${input}.${b64u(Buffer.concat([bytes48(r), bytes48(s)]))}`;
      return [sig(0n, 0n), sig(0n, 1n), sig(1n, 0n), sig(N, N), sig(N, 1n)];
    },
    expect: REFUSED_SIGNATURE,
  },
  {
    id: 'A-11',
    title: 'ECDSA signature encoding: DER, 95 or 97 bytes',
    craft: 'a valid ES384 signature re-encoded as DER, truncated to 95 bytes, or padded to 97 bytes',
    async make(k) {
      const t = await k.sign({ alg: 'ES384' });
      return [withSignature(t, der), withSignature(t, (s) => s.subarray(0, 95)), withSignature(t, (s) => Buffer.concat([s, Buffer.alloc(1)]))];
    },
    expect: { entra: 700027 },
  },
  {
    id: 'A-11c',
    title: 'ECDSA malleability: (r, n - s) verifies',
    craft: 'a valid ES384 signature with s replaced by n - s (JWS does not require low-s; replay state is keyed on (iss, jti), see C-15)',
    async make(k) {
      const t = await k.sign({ alg: 'ES384' });
      return [withSignature(t, (s) => Buffer.concat([s.subarray(0, 48), bytes48(N - bigint(s.subarray(48)))]))];
    },
    expect: { entra: 'accept' },
  },
  {
    id: 'A-12',
    title: 'RSA signature of the wrong length',
    craft: 'a valid RS256 signature with 0x00 prepended (257 bytes) or its first byte dropped (255 bytes)',
    async make(k) {
      const t = await k.sign();
      return [withSignature(t, (s) => Buffer.concat([Buffer.alloc(1), s])), withSignature(t, (s) => s.subarray(1))];
    },
    expect: REFUSED_SIGNATURE,
  },
  {
    id: 'A-13',
    title: 'embedded key (jwk header)',
    craft: 'attacker-signed, header {"alg":"RS256","kid":<trusted kid>,"jwk":<attacker public JWK>}; variant with an oct jwk',
    async make(k) {
      const { publicKey } = await generateKeyPair('RS256', { extractable: true });
      const jwk = await exportJWK(publicKey);
      return [await k.attackerSign({ header: k.header('RS256', { jwk }) }), await k.attackerSign({ header: k.header('RS256', { jwk: { kty: 'oct', k: 'c2VjcmV0' } }) })];
    },
    expect: MALFORMED,
  },
  {
    id: 'A-14',
    title: 'jku or x5u pointing at the attacker (canary gets 0 requests)',
    craft: 'attacker-signed with jku / x5u = the canary URL; the trusted issuer signing a token that merely carries jku or x5u',
    async make(k, lab) {
      const jku = `${lab.canary.url}/jwks`;
      return [
        await k.attackerSign({ header: k.header('RS256', { jku }) }),
        await k.attackerSign({ header: k.header('RS256', { x5u: jku }) }),
        await k.sign({ header: k.header('RS256', { jku }) }),
        await k.sign({ header: k.header('RS256', { x5u: jku }) }),
      ];
    },
    expect: MALFORMED,
  },
  {
    id: 'A-15',
    title: 'x5c certificate chain in the header',
    craft: 'attacker-signed with x5c = [a self-signed certificate]; the trusted issuer signing a token with x5c',
    async make(k) {
      const x5c = ['MIIBszCCAVmgAwIBAgIUfake'];
      return [await k.attackerSign({ header: k.header('RS256', { x5c }) }), await k.sign({ header: k.header('RS256', { x5c }) })];
    },
    expect: MALFORMED,
  },
  {
    id: 'A-16',
    title: 'crit in every shape',
    craft: 'trusted-issuer-signed with crit ["exp"] (exp in the header), ["x-custom"], [], ["b64"] with b64:false, ["kid","kid"], ["x-missing"], "exp"',
    make: (k) =>
      Promise.all(
        [{ crit: ['exp'], exp: 1 }, { crit: ['x-custom'], 'x-custom': 1 }, { crit: [] }, { crit: ['b64'], b64: false }, { crit: ['kid', 'kid'] }, { crit: ['x-missing'] }, { crit: 'exp' }].map((extra) =>
          k.signRaw(j(k.header('RS256', extra)), j(k.claims())),
        ),
      ),
    expect: MALFORMED,
  },
  {
    id: 'A-17',
    title: 'a JWE where a JWS is expected (no decryption attempted)',
    craft: '5-segment compact JWEs (RSA-OAEP-256/A256GCM to an attacker key, dir, PBES2 with p2c 2147483647 in the header); a 3-segment token whose header holds enc',
    async make(k) {
      const { publicKey } = await generateKeyPair('RSA-OAEP-256', { extractable: true });
      const plaintext = new TextEncoder().encode(j(k.claims()));
      const jwe = await new CompactEncrypt(plaintext).setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM' }).encrypt(publicKey);
      const [, ek, iv, ct, tag] = jwe.split('.');
      const pbes2 = `${b64u(j({ alg: 'PBES2-HS512+A256KW', enc: 'A256GCM', p2c: 2147483647, p2s: 'AAAAAAAAAAAAAAAAAAAAAA' }))}.${ek}.${iv}.${ct}.${tag}`;
      const dir = `${b64u(j({ alg: 'dir', enc: 'A256GCM' }))}..${iv}.${ct}.${tag}`;
      return [jwe, pbes2, dir, await k.signRaw(j(k.header('RS256', { enc: 'A256GCM' })), j(k.claims()))];
    },
    expect: MALFORMED,
  },
  {
    id: 'A-18',
    title: 'nested JWT',
    craft: 'the trusted issuer signs an outer JWS with cty "JWT" whose payload is another trusted token; the same without cty',
    async make(k) {
      const inner = await k.sign();
      return [await k.signRaw(j(k.header('RS256', { cty: 'JWT' })), inner), await k.signRaw(j(k.header('RS256')), inner)];
    },
    expect: MALFORMED,
  },
  {
    id: 'A-19',
    title: 'JWS JSON serialization and the CVE-2022-39227 polyglot',
    craft: 'a flattened JWS JSON of a valid token; a general JSON with two signatures; {"<h>.<forged p>.":"","protected":…,"payload":…,"signature":…}',
    async make(k) {
      const [h, p, s] = segments(await k.sign());
      const forged = b64u(j(k.claims({ sub: 'arn:aws:iam::999999999999:role/attacker' })));
      return [j({ protected: h, payload: p, signature: s }), j({ payload: p, signatures: [{ protected: h, signature: s }, { protected: h, signature: 'AA' }] }), j({ [`${h}.${forged}.`]: '', protected: h, payload: p, signature: s })];
    },
    expect: MALFORMED,
  },
];
