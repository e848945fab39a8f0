import { conditionalAccessCheck } from './checks/conditional-access.js';
import { federationPolicyCheck } from './checks/federation-policy.js';
import { servicePrincipalEnabledCheck } from './checks/service-principal-enabled.js';

export { tenantPolicySchema, type TenantPolicy, type TenantPolicyInput } from './policy-config.js';
export { createTenantPolicies, type TenantPolicies } from './tenant-policies.js';
export { conditionalAccessCheck, federationPolicyCheck, servicePrincipalEnabledCheck };

/**
 * The tenant's own decision layer, in the order the token endpoint meets it: the client's
 * service principal, the tenant's federation switches once the assertion names its issuer, and
 * Conditional Access once the client has proved itself. The exchange pipeline places each one.
 */
export const TENANT_POLICY_CHECKS = [servicePrincipalEnabledCheck, federationPolicyCheck, conditionalAccessCheck] as const;
