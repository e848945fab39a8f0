import type { NotApplicable } from './case.js';

/** Battery cases (research §6) fedlab does not run as such, and why. */
export const NOT_APPLICABLE: NotApplicable[] = [
  { id: 'A-20', title: 'Wycheproof replay at unit level', why: 'not replayed vector by vector: the special cases that matter through the HTTP paths are ported (A-10 ECDSA ranges, A-11 encodings, A-12 RSA lengths, D-02/D-03 base64url); signature maths is WebCrypto\'s, which the research measured with zero disagreements.' },
  { id: 'B-19', title: 'TLS of discovery and JWKS', why: 'Node\'s TLS verification is never disabled (the fetcher only adds fedlab\'s CA to the trusted roots, `ca` option); an untrusted certificate fails the fetch like any other error (AADSTS50166, as B-18). http issuers are refused in strict mode.' },
  { id: 'C-18b', title: 'typ of the external token (at+jwt, dpop+jwt, …)', why: 'not checked, as real Entra does not document a typ rule for federated assertions [U]; the Entra-issued and the AWS-into-vault confusions are refused (C-18, C-18c).' },
  { id: 'C-22', title: 'properties of the issued token', why: 'covered by E-13 (single audience, lifetime within policy, no refresh_token) and C-13.' },
  { id: 'E-08', title: 'private_key_jwt assertion claims', why: 'fedlab has no certificate (private_key_jwt) credentials: the assertion is always an external issuer\'s token matched to a federated credential.' },
  { id: 'E-10', title: 'audience injection of private_key_jwt', why: 'as E-08; the federated credential\'s audience is static configuration, never derived from the request (E-16).' },
  { id: 'E-11', title: 'grants allowed per client', why: 'Entra has no per-application grant restriction for client credentials; the RFC 8693 grant is fedlab\'s extension and refused in strict mode (AADSTS70003).' },
  { id: 'E-14', title: 'uniform errors (no oracle)', why: 'deliberately not uniform: real Entra answers distinct AADSTS codes (700211/700212/700213/7000272/700027/700024) and fedlab reproduces them, because teaching which check failed is the point. Outbound fetches stay bounded (B-01).' },
  { id: 'E-15', title: 'mapping exceptions to responses', why: 'covered by B-10 (jose TypeError → 4xx), D-10 (body parser), D-11 (arrays), E-02 (no body), and the fuzz targets (never a 5xx).' },
  { id: 'F-05', title: 'planned rotation with overlap', why: 'covered by B-06 (new key after one refetch) and B-07 (removed key refused after cacheMaxAge).' },
  { id: 'F-08', title: 'many issuers at once', why: 'issuers are only those named by configured federated credentials (C-01, B-13): the state is per configured issuer, each with its own cooldown; there is no path to create issuer state from a token.' },
];
