import { z } from 'zod';
import { BUILT_IN_ROLE_NAMES } from './built-in-roles.js';

/** A role assignment as configured (entra.tenants[].roleAssignments) or added at runtime on a vault. */
export const roleAssignmentSchema = z.strictObject({
  /** Object id of the service principal, managed identity or user the role is for (the token's `oid`). */
  principalId: z.guid({ message: 'expected the principal id as a GUID like 8c1f6a52-3c0e-4f2e-9d51-6f0b1d2a7e10' }),
  role: z.enum(BUILT_IN_ROLE_NAMES, { message: `expected a built-in role: ${BUILT_IN_ROLE_NAMES.join(', ')}` }),
  /** An ARM resource id: `/subscriptions/<id>`, a resource group, a resource, or a Key Vault secret. */
  scope: z.string().regex(/^\/subscriptions\/[0-9a-fA-F-]{36}(\/.*)?$/, 'expected an ARM scope like /subscriptions/<id>/resourceGroups/<name>'),
});
