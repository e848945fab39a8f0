import { AWS_NS, isEntraPath, OTHER_ARN, SECOND_ARN, WORKLOAD_ARN } from '../helpers/security-lab.js';
import type { Kit } from '../helpers/security-lab.js';
import type { TokenCase } from './case.js';

const j = JSON.stringify;
const each = (k: Kit, variants: Record<string, unknown>[]) => Promise.all(variants.map((claims) => k.sign({ claims })));
/** Claims written as raw JSON text (values JSON.stringify cannot express, like non-object payloads). */
const rawPayload = (k: Kit, payload: string) => k.signRaw(j(k.header('RS256')), payload);

/** Family C: claims and time (research §6.C). Skew is 300 s on every path (entra.clockSkewSeconds). */
export const CLAIMS_CASES: TokenCase[] = [
  {
    id: 'C-01',
    title: 'iss matched exactly (no outbound fetch)',
    craft: 'trusted-issuer-signed with iss + "/", upper-cased, another port, a trailing space, https:// for http://, a prefix, ".evil" appended',
    make(k) {
      const iss = k.issuer;
      const otherScheme = iss.startsWith('https:') ? `http:${iss.slice(6)}` : `https:${iss.slice(5)}`;
      const withPort = iss.replace(/^(https?:\/\/[^/:]+)(:\d+)?/, (_, host: string, port?: string) => `${host}${port ? `${port}0` : ':443'}`);
      const variants = [`${iss}/`, iss.toUpperCase(), withPort, `${iss} `, otherScheme, iss.slice(0, -3), `${iss}.evil`];
      return each(k, variants.filter((v) => v !== iss).map((v) => ({ iss: v })));
    },
    expect: { entra: 700211, vault: 'issuer', graph: 'token-tenant' },
  },
  {
    id: 'C-02',
    title: 'iss missing or not a string',
    craft: 'no iss; iss 1; iss null; iss ["https://evil", <trusted issuer>]',
    make: (k) => each(k, [{ iss: undefined }, { iss: 1 }, { iss: null }, { iss: ['https://evil.example', k.issuer] }]),
    expect: { entra: 50027, vault: 'issuer', graph: 'token-tenant' },
  },
  {
    id: 'C-03',
    title: 'aud wrong',
    craft: 'aud "https://other.example", or the attacker\'s audience',
    make: (k) => each(k, [{ aud: 'https://other.example' }, { aud: 'api://AttackerApp' }]),
    expect: { entra: 700212, vault: 'audience', graph: 'token-audience' },
  },
  {
    id: 'C-03b',
    title: 'aud missing',
    craft: 'the baseline without aud',
    make: (k) => each(k, [{ aud: undefined }]),
    expect: { entra: 50027, vault: 'audience', graph: 'token-audience' },
  },
  {
    id: 'C-04',
    title: 'aud as a one-element array',
    craft: 'aud [ours] (Kubernetes-style); Entra-issued tokens always carry a string, so Key Vault refuses an array',
    make: (k) => each(k, [{ aud: [k.audience] }]),
    expect: { entra: 'accept', vault: 'audience', graph: 'accept' },
  },
  {
    id: 'C-04b',
    title: 'aud naming a third party as well (single-audience policy)',
    craft: 'aud [ours, "https://third-party.example"] and [ours, ours]',
    make: (k) => each(k, [{ aud: [k.audience, 'https://third-party.example'] }, { aud: [k.audience, k.audience] }]),
    expect: { entra: 700212, vault: 'audience', graph: 'token-audience' },
  },
  {
    id: 'C-04c',
    title: 'aud of the wrong shape',
    craft: 'aud [], 1, {"0": ours}',
    make: (k) => each(k, [{ aud: [] }, { aud: 1 }, { aud: { 0: k.audience } }]),
    expect: { entra: 50027, vault: 'audience', graph: 'token-audience' },
  },
  {
    id: 'C-04d',
    title: 'aud spelled differently',
    craft: 'aud ours + "/x", ours upper-cased',
    make: (k) => each(k, [{ aud: `${k.audience}/x` }, { aud: k.audience.toUpperCase() }]),
    expect: { entra: 700212, vault: 'audience', graph: 'token-audience' },
  },
  {
    id: 'C-05',
    title: 'exp beyond the skew',
    craft: 'exp = now - 300 - 5 (skew 300 s)',
    make: (k) => each(k, [{ exp: k.nowSeconds() - 305, iat: k.nowSeconds() - 600, nbf: undefined }]),
    expect: { entra: 700024, vault: 'lifetime', graph: 'token-signature' },
  },
  {
    id: 'C-05b',
    title: 'exp within the skew, and just ahead',
    craft: 'exp = now - 300 + 30; exp = now + 30',
    make: (k) => each(k, [{ exp: k.nowSeconds() - 270, iat: k.nowSeconds() - 600, nbf: undefined }, { exp: k.nowSeconds() + 30 }]),
    expect: { entra: 'accept', vault: 'accept', graph: 'accept' },
  },
  {
    id: 'C-06',
    title: 'exp missing',
    craft: 'the baseline without exp (jose alone accepts it)',
    make: (k) => each(k, [{ exp: undefined }]),
    expect: { entra: 50027, vault: 'lifetime', graph: 'token-signature' },
  },
  {
    id: 'C-07',
    title: 'exp of the wrong type',
    craft: 'exp "9999999999", null, true, [], {}',
    make: (k) => each(k, ['9999999999', null, true, [], {}].map((exp) => ({ exp }))),
    expect: { entra: 50027, vault: 'lifetime', graph: 'token-signature' },
  },
  {
    id: 'C-07b',
    title: 'exp absurdly far (lifetime cap)',
    craft: 'exp 1e100; exp in milliseconds (now * 1000)',
    make: (k) => each(k, [{ exp: 1e100 }, { exp: k.nowSeconds() * 1000 }]),
    expect: { entra: 70023 },
  },
  {
    id: 'C-08',
    title: 'nbf and iat slightly in the future',
    craft: 'nbf = now + 8; iat = now + 8 (within the skew)',
    make: (k) => each(k, [{ nbf: k.nowSeconds() + 8 }, { iat: k.nowSeconds() + 8 }]),
    expect: { entra: 'accept', vault: 'accept', graph: 'accept' },
  },
  {
    id: 'C-08b',
    title: 'nbf or iat beyond the skew',
    craft: 'nbf = now + 330; iat = now + 330; iat = now + 3600 without nbf (jose alone accepts a future iat)',
    make: (k) => each(k, [{ nbf: k.nowSeconds() + 330 }, { iat: k.nowSeconds() + 330, nbf: undefined }, { iat: k.nowSeconds() + 3600, exp: k.nowSeconds() + 3900, nbf: undefined }]).then((t) => (isEntraPath(k.path) ? t : t.slice(0, 1))),
    expect: { entra: 700024, vault: 'lifetime', graph: 'token-signature' },
  },
  {
    id: 'C-09',
    title: 'lifetime over 25 hours',
    craft: 'iat = now, exp = now + 25 h + 1 s; iat = now - 10, exp = now + 10 years',
    make: (k) => each(k, [{ exp: k.nowSeconds() + 90001 }, { iat: k.nowSeconds() - 10, exp: k.nowSeconds() + 10 * 365 * 86400 }]),
    expect: { entra: 70023 },
  },
  {
    id: 'C-09b',
    title: 'an old iat within 25 hours of exp',
    craft: 'iat = now - 7200, exp = now + 60 (accepted: Entra caps exp - iat at 25 h, not the age of iat)',
    make: (k) => each(k, [{ iat: k.nowSeconds() - 7200, exp: k.nowSeconds() + 60 }]),
    expect: { entra: 'accept' },
  },
  {
    id: 'C-10',
    title: 'iat missing',
    craft: 'the baseline without iat',
    make: (k) => each(k, [{ iat: undefined }]),
    expect: { entra: 50027 },
  },
  {
    id: 'C-11',
    title: 'sub missing or of the wrong type',
    craft: 'no sub; "", 123, ["arn…"]',
    make: (k) => each(k, [{ sub: undefined }, { sub: '' }, { sub: 123 }, { sub: [WORKLOAD_ARN] }]),
    expect: { entra: 50027 },
  },
  {
    id: 'C-12',
    title: 'sub differing only in case: AADSTS7002138',
    craft: 'sub …:role/FEDLAB-workload',
    make: (k) => each(k, [{ sub: WORKLOAD_ARN.replace('fedlab-workload', 'FEDLAB-workload') }]),
    expect: { entra: 7002138 },
  },
  {
    id: 'C-12b',
    title: '(iss, sub) must be the exact pair',
    craft: 'sub …/fedlab-workload2, …/fedlab-workload/x, …:role/path/fedlab-workload, a trailing space, a zero-width space, assumed-role ARN, another app\'s subject, FI2\'s subject under FI',
    make: (k) =>
      each(
        k,
        [`${WORKLOAD_ARN}2`, `${WORKLOAD_ARN}/x`, WORKLOAD_ARN.replace('role/', 'role/path/'), `${WORKLOAD_ARN} `, `${WORKLOAD_ARN}\u200b`, 'arn:aws:sts::111122223333:assumed-role/fedlab-workload/s1', OTHER_ARN, SECOND_ARN].map((sub) => ({ sub })),
      ),
    expect: { entra: 700213 },
  },
  {
    id: 'C-14',
    title: 'claims shaped for prototype pollution',
    craft: 'raw JSON payload with "__proto__":{"isAdmin":true} and "constructor":{"prototype":{"isAdmin":true}} at the top and inside the AWS namespace',
    make(k) {
      const claims = k.claims();
      const body = j(claims).slice(0, -1);
      const evil = '"__proto__":{"isAdmin":true},"constructor":{"prototype":{"isAdmin":true}}';
      return Promise.all([rawPayload(k, `${body},${evil}}`), ...(isEntraPath(k.path) ? [rawPayload(k, j(claims).replace(`"${AWS_NS}":{`, `"${AWS_NS}":{${evil},`))] : [])]);
    },
    expect: { entra: 'accept', vault: 'accept', graph: 'accept' },
  },
  {
    id: 'C-17',
    title: 'jti of the wrong shape',
    craft: 'jti 123, "", 300 characters, containing NUL or CRLF',
    make: (k) => each(k, [123, '', 'x'.repeat(300), 'a\u0000b', 'a\r\nb'].map((jti) => ({ jti }))),
    expect: { entra: 50027 },
  },
  {
    id: 'C-18',
    title: 'an Entra-issued access token used as the external assertion',
    craft: 'an access token fedlab\'s Entra just issued, sent as client_assertion / subject_token',
    async make(k, lab) {
      const answer = await lab.send('ca', await lab.kit('ca').sign());
      return [answer.body.access_token as string];
    },
    expect: { entra: 700222 },
  },
  {
    id: 'C-18c',
    title: 'an AWS token presented as a bearer token to Key Vault and Graph',
    craft: 'a valid trusted-issuer (AWS-shaped) token in Authorization: Bearer',
    make: async (_k, lab) => [await lab.kit('ca').sign()],
    expect: { vault: 'signature', graph: 'token-signature' },
    fetches: 'allowed',
  },
  {
    id: 'C-20',
    title: 'a claims set that is not an object',
    craft: 'signed payloads [], [{"iss":…}], "str", 123, null, true',
    make: (k) => Promise.all(['[]', j([k.claims()]), '"str"', '123', 'null', 'true'].map((p) => rawPayload(k, p))),
    expect: { entra: 50027, vault: 'token-well-formed', graph: 'token-signature' },
  },
  {
    id: 'C-21',
    title: 'the AWS namespace claim in odd shapes (not used for the decision)',
    craft: '"https://sts.amazonaws.com/" as a string, an array, null; aws_account differing from the ARN\'s account',
    make: (k) => each(k, ['x', [1], null, { aws_account: '999999999999' }].map((v) => ({ [AWS_NS]: v }))),
    expect: { entra: 'accept' },
  },
];
