import { trustedRoots } from '../core/fetch/trusted-roots.js';
import { DEFAULT_FETCH_POLICY, urlOrigin, type FetchPolicy, type PinnedHost } from '../core/fetch/hardened-fetch.js';
import type { EntraConfig } from './config.js';

/**
 * The loopback origins Entra may fetch: fedlab's own issuers (`aws:<account>` aliases), the issuers
 * of credentials in the configuration, and `externalIssuers.loopbackIssuers`. A credential written
 * through Graph (by any attendee of a room) naming another local port is never fetched.
 */
export function loopbackIssuerOrigins(config: EntraConfig, issuerAliases: Record<string, string>): Set<string> {
  const configured = config.tenants.flatMap((t) => t.applications.flatMap((a) => a.federatedIdentityCredentials.map((f) => f.issuer)));
  const urls = [...Object.values(issuerAliases), ...configured, ...config.externalIssuers.loopbackIssuers];
  return new Set(urls.map(urlOrigin).filter((o): o is string => o !== undefined));
}

/**
 * How Entra fetches external issuers' discovery and JWKS: no redirects, a timeout, a size cap,
 * no private, link-local or special-purpose addresses; loopback only for the origins above.
 * Strict mode requires https, as real Entra does. fedlab's CA is trusted on top of what Node trusts (trustedRoots).
 * Pinned hosts (the real AWS issuer names, answered by fedlab's proxy) bypass DNS.
 */
export function externalIssuerFetchPolicy(config: EntraConfig, caPem: string, pinnedHosts: readonly PinnedHost[] = [], issuerAliases: Record<string, string> = {}, ownOrigins: readonly string[] = []): FetchPolicy {
  const loopback = loopbackIssuerOrigins(config, issuerAliases);
  return {
    ...DEFAULT_FETCH_POLICY,
    ownOrigins,
    timeoutMs: config.externalIssuers.timeoutMs,
    requireHttps: config.strict,
    addresses: { allowLoopback: true, allowPrivate: false, allowLinkLocal: false },
    loopbackOrigin: (origin) => loopback.has(origin),
    ca: trustedRoots(caPem),
    ...(pinnedHosts.length ? { pinnedHosts } : {}),
  };
}
