import { z } from 'zod';
import { derivedGuid } from './derived-guid.js';
import { IDENTITY_FIC_NAME, IDENTITY_NAME, MAX_IDENTITY_FICS, RESOURCE_GROUP_NAME, userAssignedIdentityId } from '../../core/arm-resource-names.js';

const guid = (what: string) => z.guid({ message: `expected ${what} as a GUID like 8c1f6a52-3c0e-4f2e-9d51-6f0b1d2a7e10` });

export { RESOURCE_GROUP_NAME, IDENTITY_NAME } from '../../core/arm-resource-names.js';

/** A managed identity's credential: no claims expression, exactly one audience (ARM's FederatedIdentityCredential). */
const miFicSchema = z.strictObject({
  name: z.string().regex(IDENTITY_FIC_NAME, 'expected 3-120 letters, digits, dashes and underscores, a letter or digit first'),
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
    federatedIdentityCredentials: z.array(miFicSchema).max(MAX_IDENTITY_FICS, `at most ${MAX_IDENTITY_FICS} federated identity credentials per managed identity`).default([]),
  })
  .transform((mi) => {
    const resourceId = userAssignedIdentityId(mi.subscriptionId, mi.resourceGroup, mi.name);
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
