import { isIP } from 'node:net';
import { z } from 'zod';

const guid = (what: string) => z.guid({ message: `expected ${what} as a GUID like 8c1f6a52-3c0e-4f2e-9d51-6f0b1d2a7e10` });

/** `203.0.113.0/24`, `2001:db8::/32` or a single address (Graph's ipNamedLocation `cidrAddress`). */
const cidr = z.string().refine(
  (range) => {
    const [address, bits, ...rest] = range.split('/');
    const family = isIP(address ?? '');
    if (!family || rest.length > 0) return false;
    if (bits === undefined) return true;
    return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
  },
  { message: 'expected an IP range like 203.0.113.0/24 or 2001:db8::/32' },
);

/** Graph's ipNamedLocation, reduced to what a workload identity policy reads. */
const namedLocationSchema = z.strictObject({
  /** What a policy's `locations` names. */
  name: z.string().min(1),
  ipRanges: z.array(cidr).min(1, 'a named location needs at least one IP range'),
});

const included = <T extends z.ZodType>(item: T) => z.union([z.literal('All'), z.array(item)]);

/**
 * A Conditional Access policy for workload identities: its only grant control is block, its
 * conditions the service principal and the client's location (service principal risk is not
 * modelled). Source: entra-docs docs/identity/conditional-access/workload-identity.md.
 */
const conditionalAccessPolicySchema = z.strictObject({
  /** `capolids` of the refusal's claims challenge. Default: derived from the display name. */
  id: guid('the policy id').optional(),
  displayName: z.string().min(1),
  /** `enabledForReportingButNotEnforced` (report-only) is noted in the trace and blocks nothing. */
  state: z.enum(['enabled', 'disabled', 'enabledForReportingButNotEnforced']).default('enabled'),
  /** Service principals (object id or appId) the policy applies to, or `All` of the tenant's own. */
  servicePrincipals: included(guid('the service principal object id or appId')),
  excludeServicePrincipals: z.array(guid('the service principal object id or appId')).default([]),
  /** Absent: any location. Names of `namedLocations`, or `All`. */
  locations: z.strictObject({ include: included(z.string().min(1)), exclude: z.array(z.string().min(1)).default([]) }).optional(),
});

/**
 * A tenant's switches on workload identity federation and Conditional Access for its service
 * principals, in configuration (`entra.tenants[].tenantPolicy`) and at runtime
 * (`PUT /_fedlab/tenant-policy/<tenant>` on the Entra listener).
 */
export const tenantPolicySchema = z
  .strictObject({
    /** `disabled`: every federated assertion is refused (AADSTS700223). */
    workloadIdentityFederation: z.enum(['enabled', 'disabled']).default('enabled'),
    /** Issuer URLs (or `aws:<account>`) whose tokens the tenant refuses (AADSTS700238). */
    blockedIssuers: z.array(z.string().min(1)).default([]),
    /** Service principals (object id or appId) whose account is disabled (AADSTS7000112). */
    disabledServicePrincipals: z.array(guid('the service principal object id or appId')).default([]),
    namedLocations: z.array(namedLocationSchema).default([]),
    conditionalAccessPolicies: z.array(conditionalAccessPolicySchema).default([]),
  })
  .superRefine((policy, ctx) => {
    const names = new Set(policy.namedLocations.map((l) => l.name));
    policy.conditionalAccessPolicies.forEach((ca, pi) => {
      const named = [...(ca.locations?.include === 'All' ? [] : (ca.locations?.include ?? [])), ...(ca.locations?.exclude ?? [])];
      for (const name of named) {
        if (!names.has(name)) ctx.addIssue({ code: 'custom', path: ['conditionalAccessPolicies', pi, 'locations'], message: `no named location '${name}' in namedLocations` });
      }
    });
  });

export type TenantPolicy = z.output<typeof tenantPolicySchema>;
export type TenantPolicyInput = z.input<typeof tenantPolicySchema>;
export type ConditionalAccessPolicy = TenantPolicy['conditionalAccessPolicies'][number];
export const DEFAULT_TENANT_POLICY: TenantPolicy = tenantPolicySchema.parse({});
