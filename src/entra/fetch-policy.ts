import { trustedRoots } from '../core/fetch/trusted-roots.js';
import { DEFAULT_FETCH_POLICY, type FetchPolicy, type PinnedHost } from '../core/fetch/hardened-fetch.js';
import type { EntraConfig } from './config.js';

/**
 * How Entra fetches external issuers' discovery and JWKS: no redirects, a timeout, a size cap,
 * no private or link-local addresses; loopback allowed (fedlab's own AWS issuer lives there).
 * Strict mode requires https, as real Entra does. fedlab's CA is trusted on top of what Node trusts (trustedRoots).
 * Pinned hosts (the real AWS issuer names, answered by fedlab's proxy) bypass DNS.
 */
export function externalIssuerFetchPolicy(config: EntraConfig, caPem: string, pinnedHosts: readonly PinnedHost[] = []): FetchPolicy {
  return {
    ...DEFAULT_FETCH_POLICY,
    timeoutMs: config.externalIssuers.timeoutMs,
    requireHttps: config.strict,
    addresses: { allowLoopback: true, allowPrivate: false, allowLinkLocal: false },
    ca: trustedRoots(caPem),
    ...(pinnedHosts.length ? { pinnedHosts } : {}),
  };
}
