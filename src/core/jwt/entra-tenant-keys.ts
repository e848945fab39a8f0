import type { JWSHeaderParameters } from 'jose';
import { DEFAULT_FETCH_POLICY } from '../fetch/hardened-fetch.js';
import { trustedRoots } from '../fetch/trusted-roots.js';
import { createIssuerKeys } from './issuer-keys.js';

/** The vault tenant's two issuer strings and the keys Entra publishes for it. */
export interface TenantKeys {
  /** `https://sts.windows.net/{tid}/`: not a discovery URL, so never fetched. */
  readonly v1Issuer: string;
  /** `<authority>/{tid}/v2.0`, which the discovery document must name as its issuer. */
  readonly v2Issuer: string;
  resolve(header: JWSHeaderParameters): Promise<CryptoKey>;
}

export interface TenantKeysOptions {
  authorityHost: string;
  tenant: string;
  /**
   * fedlab's local CA (PEM): the fake Entra serves HTTPS with a certificate it signed. Trusted on
   * top of what Node trusts, since a balancer in front of Entra (`entra.publicUrl`) has its own certificate.
   */
  caPem: string;
  nowMs: () => number;
  /** fedlab's own public origins (a balancer in front of Entra), fetched at loopback or private addresses. */
  ownOrigins?: readonly string[];
}

/**
 * Entra signs v1 and v2 tokens with the same keys, so both are verified against the key set
 * of the configured authority's tenant discovery document, never one named by the token.
 */
export function createTenantKeys(options: TenantKeysOptions): TenantKeys {
  const v2Issuer = `${options.authorityHost.replace(/\/+$/, '')}/${options.tenant}/v2.0`;
  const keys = createIssuerKeys({ fetchPolicy: { ...DEFAULT_FETCH_POLICY, requireHttps: true, ca: trustedRoots(options.caPem), ownOrigins: options.ownOrigins ?? [] }, nowMs: options.nowMs });
  return {
    v1Issuer: `https://sts.windows.net/${options.tenant}/`,
    v2Issuer,
    resolve: (header) => keys.resolve(v2Issuer, header),
  };
}
