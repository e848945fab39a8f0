import type { FicRecord, IdentityRecord } from './entra-directory.js';

export const IDENTITY_TYPE = 'Microsoft.ManagedIdentity/userAssignedIdentities';
export const FIC_TYPE = 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials';

/**
 * The bodies Microsoft.ManagedIdentity returns (the 2024-11-30 spec's Identity and
 * FederatedIdentityCredential, as @azure/arm-msi's mappers read them): `id` as the resource
 * provider writes it, `resourcegroups` in lower case.
 */
export function identityBody(identity: IdentityRecord, tenantId: string) {
  return {
    id: identity.resourceId,
    name: identity.name,
    type: IDENTITY_TYPE,
    location: identity.location,
    tags: identity.tags,
    properties: { tenantId, principalId: identity.principalId, clientId: identity.clientId },
  };
}

export function ficBody(identity: IdentityRecord, fic: FicRecord) {
  return {
    id: `${identity.resourceId}/federatedIdentityCredentials/${fic.name}`,
    name: fic.name,
    type: FIC_TYPE,
    properties: { issuer: fic.issuer, subject: fic.subject, audiences: fic.audiences },
  };
}
