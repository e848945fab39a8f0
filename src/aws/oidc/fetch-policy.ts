import { trustedRoots } from '../../core/fetch/trusted-roots.js';
import { DEFAULT_FETCH_POLICY, type FetchPolicy } from '../../core/fetch/hardened-fetch.js';

/**
 * How STS fetches a registered OIDC provider's discovery and JWKS: the hardened fetcher's rules
 * (no redirects, timeout, size cap, no private, link-local or special-purpose addresses). Loopback
 * only for `loopbackOrigin`: fedlab's own issuers and the providers in the configuration, so a
 * provider created through IAM cannot point STS at another local port. Only a URL registered as a
 * provider of the role's account is ever fetched; fedlab's CA is trusted on top of what Node trusts.
 */
export function providerFetchPolicy(caPem: string, loopbackOrigin: (origin: string) => boolean, ownOrigins: readonly string[] = []): FetchPolicy {
  return {
    ...DEFAULT_FETCH_POLICY,
    ownOrigins,
    addresses: { allowLoopback: true, allowPrivate: false, allowLinkLocal: false },
    loopbackOrigin,
    ca: trustedRoots(caPem),
  };
}
