/**
 * Azure Resource Manager's naming rules for what fedlab's configuration and its ARM party both
 * hold (one place for both). Resource groups: 1-90 letters, digits, '.', '_', '-', '(', ')', not
 * ending in '.'. userAssignedIdentities (2024-11-30 spec): 3-128, a letter or digit first, then
 * letters, digits, '-', '_'. Their federatedIdentityCredentials: 3-120, the same characters.
 */
export const RESOURCE_GROUP_NAME = /^[-\w.()]{0,89}[-\w()]$/;
export const IDENTITY_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_-]{2,127}$/;
export const IDENTITY_FIC_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_-]{2,119}$/;
/** Federated identity credentials per user-assigned identity (as per application). */
export const MAX_IDENTITY_FICS = 20;

/** A user-assigned identity's resource id as Microsoft.ManagedIdentity writes it (`resourcegroups` in lower case). */
export const userAssignedIdentityId = (subscriptionId: string, resourceGroup: string, name: string) =>
  `/subscriptions/${subscriptionId}/resourcegroups/${resourceGroup}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`;
