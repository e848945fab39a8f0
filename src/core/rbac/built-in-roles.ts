/**
 * The Azure built-in roles fedlab knows, by name, with the (data) actions that matter to the ARM
 * and Key Vault parties. Ids and permissions as Microsoft's "Azure built-in roles" reference lists
 * them (learn.microsoft.com/azure/role-based-access-control/built-in-roles); roles are cut down to
 * the resource providers fedlab serves (docs/deviations-arm.md).
 */
export interface RoleDefinition {
  name: string;
  /** The role definition's GUID (`roleDefinitionId` ends with it). */
  id: string;
  actions: readonly string[];
  notActions: readonly string[];
  dataActions: readonly string[];
}

const role = (name: string, id: string, permissions: Partial<Omit<RoleDefinition, 'name' | 'id'>>): RoleDefinition => ({
  name,
  id,
  actions: permissions.actions ?? [],
  notActions: permissions.notActions ?? [],
  dataActions: permissions.dataActions ?? [],
});

export const BUILT_IN_ROLES: readonly RoleDefinition[] = [
  role('Owner', '8e3af657-a8ff-443c-a75c-2fe8c4bcb635', { actions: ['*'] }),
  role('Contributor', 'b24988ac-6180-42a0-ab88-20f7382dd24c', {
    actions: ['*'],
    notActions: ['Microsoft.Authorization/*/Delete', 'Microsoft.Authorization/*/Write', 'Microsoft.Authorization/elevateAccess/Action'],
  }),
  role('Reader', 'acdd72a7-3385-48ef-bd42-f606fba81ae7', { actions: ['*/read'] }),
  role('Managed Identity Contributor', 'e40ec5ca-96e0-45a2-b4ff-59039f2c2b59', {
    actions: ['Microsoft.ManagedIdentity/userAssignedIdentities/read', 'Microsoft.ManagedIdentity/userAssignedIdentities/write', 'Microsoft.ManagedIdentity/userAssignedIdentities/delete', 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/*', 'Microsoft.Resources/subscriptions/resourceGroups/read'],
  }),
  role('Managed Identity Operator', 'f1a07417-d97a-45cb-824c-7a7467783830', {
    actions: ['Microsoft.ManagedIdentity/userAssignedIdentities/*/read', 'Microsoft.ManagedIdentity/userAssignedIdentities/*/assign/action', 'Microsoft.Resources/subscriptions/resourceGroups/read'],
  }),
  role('Key Vault Administrator', '00482a5a-887f-4fb3-b363-3b7fe8e74483', { actions: ['Microsoft.KeyVault/vaults/*/read'], dataActions: ['Microsoft.KeyVault/vaults/*'] }),
  role('Key Vault Secrets Officer', 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7', { actions: ['Microsoft.KeyVault/vaults/*/read'], dataActions: ['Microsoft.KeyVault/vaults/secrets/*'] }),
  role('Key Vault Secrets User', '4633458b-17de-408a-b874-0445c86b69e6', { dataActions: ['Microsoft.KeyVault/vaults/secrets/getSecret/action', 'Microsoft.KeyVault/vaults/secrets/readMetadata/action'] }),
  role('Key Vault Reader', '21090545-7ca7-4776-b22c-e363652d74d2', { actions: ['Microsoft.KeyVault/vaults/*/read'], dataActions: ['Microsoft.KeyVault/vaults/*/read', 'Microsoft.KeyVault/vaults/secrets/readMetadata/action'] }),
];

export const BUILT_IN_ROLE_NAMES = BUILT_IN_ROLES.map((r) => r.name) as [string, ...string[]];

export function roleNamed(name: string): RoleDefinition | undefined {
  return BUILT_IN_ROLES.find((r) => r.name.toLowerCase() === name.toLowerCase());
}
