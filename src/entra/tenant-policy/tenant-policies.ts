import { BlockList, isIP } from 'node:net';
import type { EntraConfig } from '../config.js';
import { derivedGuid } from '../directory/derived-guid.js';
import { DEFAULT_TENANT_POLICY, type ConditionalAccessPolicy, type TenantPolicy } from './policy-config.js';

/** A tenant's policy with what the checks look up prepared once. */
export interface ActivePolicy {
  readonly policy: TenantPolicy;
  /** Issuer URLs as tokens carry them (`aws:<account>` resolved), compared without a trailing slash. */
  issuerBlocked(iss: string): boolean;
  servicePrincipalDisabled(ids: readonly string[]): boolean;
  /** The enforced and the report-only policies that apply to this service principal at this address. */
  applying(ids: readonly string[], address: string): { enforced: AppliedPolicy[]; reportOnly: AppliedPolicy[] };
}

export interface AppliedPolicy {
  id: string;
  displayName: string;
}

/** Every tenant's active policy, replaced as a whole at runtime (the runtime-control API). */
export interface TenantPolicies {
  of(tenantId: string): ActivePolicy;
  set(tenantId: string, policy: TenantPolicy): void;
  /** Back to the configured policy. */
  reset(tenantId: string): void;
}

const trimSlash = (s: string) => s.replace(/\/$/, '');

/** `::ffff:127.0.0.1` (an IPv4 client on a dual-stack socket) is 127.0.0.1. */
export function clientAddressOf(address: string | undefined): string {
  if (!address) return '';
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

function rangesOf(ipRanges: readonly string[]): BlockList {
  const list = new BlockList();
  for (const range of ipRanges) {
    const [address, bits] = range.split('/') as [string, string | undefined];
    const family = isIP(address) === 4 ? 'ipv4' : 'ipv6';
    list.addSubnet(address, bits === undefined ? (family === 'ipv4' ? 32 : 128) : Number(bits), family);
  }
  return list;
}

function activate(policy: TenantPolicy, issuerAliases: Record<string, string>): ActivePolicy {
  const blocked = new Set(policy.blockedIssuers.map((i) => trimSlash(issuerAliases[i] ?? i)));
  const disabled = new Set(policy.disabledServicePrincipals.map((id) => id.toLowerCase()));
  const locations = new Map(policy.namedLocations.map((l) => [l.name, rangesOf(l.ipRanges)]));
  const inLocation = (name: string, address: string) => {
    const family = isIP(address);
    return family !== 0 && locations.get(name)!.check(address, family === 4 ? 'ipv4' : 'ipv6');
  };
  const matches = (ca: ConditionalAccessPolicy, ids: readonly string[], address: string) => {
    const named = (list: readonly string[]) => list.some((id) => ids.includes(id.toLowerCase()));
    if (ca.servicePrincipals !== 'All' && !named(ca.servicePrincipals)) return false;
    if (named(ca.excludeServicePrincipals)) return false;
    if (!ca.locations) return true;
    const included = ca.locations.include === 'All' || ca.locations.include.some((name) => inLocation(name, address));
    return included && !ca.locations.exclude.some((name) => inLocation(name, address));
  };
  const applied = (ca: ConditionalAccessPolicy): AppliedPolicy => ({ id: ca.id ?? derivedGuid('conditionalAccessPolicy', ca.displayName), displayName: ca.displayName });
  return {
    policy,
    issuerBlocked: (iss) => blocked.has(trimSlash(iss)),
    servicePrincipalDisabled: (ids) => ids.some((id) => disabled.has(id.toLowerCase())),
    applying(ids, address) {
      const lower = ids.map((id) => id.toLowerCase());
      const hits = policy.conditionalAccessPolicies.filter((ca) => ca.state !== 'disabled' && matches(ca, lower, address));
      return { enforced: hits.filter((ca) => ca.state === 'enabled').map(applied), reportOnly: hits.filter((ca) => ca.state !== 'enabled').map(applied) };
    },
  };
}

export function createTenantPolicies(config: EntraConfig, issuerAliases: Record<string, string>): TenantPolicies {
  const configured = new Map(config.tenants.map((t) => [t.id.toLowerCase(), t.tenantPolicy]));
  const active = new Map<string, ActivePolicy>();
  const fallback = activate(DEFAULT_TENANT_POLICY, issuerAliases);
  const reset = (tenantId: string) => {
    const policy = configured.get(tenantId.toLowerCase());
    if (policy) active.set(tenantId.toLowerCase(), activate(policy, issuerAliases));
  };
  for (const tenantId of configured.keys()) reset(tenantId);
  return {
    of: (tenantId) => active.get(tenantId.toLowerCase()) ?? fallback,
    set: (tenantId, policy) => void active.set(tenantId.toLowerCase(), activate(policy, issuerAliases)),
    reset,
  };
}
