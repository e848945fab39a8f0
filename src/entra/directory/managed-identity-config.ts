import { z } from 'zod';
import { derivedGuid } from './derived-guid.js';

const guid = (what: string) => z.guid({ message: `expected ${what} as a GUID like 8c1f6a52-3c0e-4f2e-9d51-6f0b1d2a7e10` });

/** ARM's resource group names: 1-90 letters, digits, '.', '_', '-', '(', ')', not ending in '.'. */
export const RESOURCE_GROUP_NAME = /^[-\w.()]{0,89}[-\w()]$/;
/** userAssignedIdentities names (2024-11-30 spec): 3-128, a letter or digit first, then letters, digits, '-', '_'. */
export const IDENTITY_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_-]{2,127}$/;

/** A managed identity's credential: no claims expression, exactly one audience (ARM's FederatedIdentityCredential). */
const miFicSchema = z.strictObject({
  name: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_-]{2,119}$/, 'expected 3-120 letters, digits, dashes and underscores, a letter or digit first'),
  /** A URL, or `aws:<account id>`: that fedlab account's issuer URL (resolved at start). */
  issuer: z.string().min(1),
  subject: z.string().min(1),
  audiences: z.array(z.string().min(1)).length(1, 'a managed identity federated credential has exactly one audience'),
});

export const managedIdentitySchema = z
  .strictObject({
    name: z.string().regex(IDENTITY_NAME, 'expected 3-128 letters, digits, dashes and underscores, a letter or digit first'),
    subscriptionId: guid('the subscription id'),
    resourceGroup: z.string().regex(RESOURCE_GROUP_NAME, 'expected a resource group name of 1-90 letters, digits and . _ - ( )'),
    location: z.string().regex(/^[a-z0-9]+$/, 'expected an Azure region like eastus').default('eastus'),
    /** The identity's client id (its "application id"); absent: derived from its resource id. */
    clientId: guid('the client id').optional(),
    /** Object id of its service principal (`oid` of its tokens); absent: derived from its resource id. */
    principalId: guid('the principal id').optional(),
    tags: z.record(z.string(), z.string()).default({}),
    federatedIdentityCredentials: z.array(miFicSchema).max(20, 'at most 20 federated identity credentials per managed identity').default([]),
  })
  .transform((mi) => {
    const resourceId = `/subscriptions/${mi.subscriptionId}/resourcegroups/${mi.resourceGroup}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${mi.name}`;
    const key = resourceId.toLowerCase();
    return { ...mi, resourceId, clientId: mi.clientId ?? derivedGuid('managedIdentityClient', key), principalId: mi.principalId ?? derivedGuid('managedIdentityPrincipal', key) };
  })
  .superRefine((mi, ctx) => {
    const seen = new Set<string>();
    mi.federatedIdentityCredentials.forEach((fic, i) => {
      const key = JSON.stringify([fic.issuer, fic.subject]);
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['federatedIdentityCredentials', i, 'subject'], message: 'issuer and subject combination already exists for this managed identity' });
      seen.add(key);
    });
  });

/** Role assignments are validated in one place, shared with the vault's runtime route. */
export { roleAssignmentSchema } from '../../core/rbac/role-assignment-schema.js';
