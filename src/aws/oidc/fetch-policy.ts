import { trustedRoots } from '../../core/fetch/trusted-roots.js';
import { DEFAULT_FETCH_POLICY, type FetchPolicy } from '../../core/fetch/hardened-fetch.js';

/**
 * How STS fetches a registered OIDC provider's discovery and JWKS: the hardened fetcher's rules
 * (no redirects, timeout, size cap, no private or link-local addresses), loopback allowed because
 * fedlab's own issuers and test issuers live there. Only a URL registered as a provider of the
 * role's account is ever fetched; fedlab's CA is trusted on top of what Node trusts (trustedRoots).
 */
export function providerFetchPolicy(caPem: string): FetchPolicy {
  return {
    ...DEFAULT_FETCH_POLICY,
    addresses: { allowLoopback: true, allowPrivate: false, allowLinkLocal: false },
    ca: trustedRoots(caPem),
  };
}
