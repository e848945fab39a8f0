import type { RequestHandler } from 'express';
import { findGrantingAssignment, type RoleAssignment } from '../../core/rbac/authorize.js';
import { vaultResourceId, type SecretPermission, type VaultConfig } from '../config.js';
import { KeyVaultError } from '../errors.js';
import type { Reject } from '../http/rejection.js';
import { callerOf, type Caller } from './caller.js';

/** Key Vault's data actions for each secret operation (Azure RBAC's Microsoft.KeyVault provider operations). */
const DATA_ACTIONS: Record<SecretPermission, string> = {
  get: 'Microsoft.KeyVault/vaults/secrets/getSecret/action',
  list: 'Microsoft.KeyVault/vaults/secrets/readMetadata/action',
  set: 'Microsoft.KeyVault/vaults/secrets/setSecret/action',
  delete: 'Microsoft.KeyVault/vaults/secrets/delete',
  recover: 'Microsoft.KeyVault/vaults/secrets/recover/action',
  backup: 'Microsoft.KeyVault/vaults/secrets/backup/action',
  restore: 'Microsoft.KeyVault/vaults/secrets/restore/action',
  purge: 'Microsoft.KeyVault/vaults/secrets/purge/action',
};

export interface RbacOptions {
  vault: Pick<VaultConfig, 'name' | 'location' | 'subscriptionId' | 'resourceGroup'>;
  /** The vault tenant's role assignments (entra.tenants[].roleAssignments, and those added at runtime). */
  assignments: () => readonly RoleAssignment[];
  reject: Reject;
}

/**
 * Key Vault's RBAC refusal, lines as real 403 bodies show them (e.g. hashicorp/terraform-provider-azurerm#27817,
 * piyushsachdeva/Terraform_AKS#2): the resource id lower-cased, DecisionReason DeniedWithNoValidRBAC.
 */
function forbiddenByRbac(caller: Caller, action: string, resource: string, vault: RbacOptions['vault']): KeyVaultError {
  const lines = [
    'Caller is not authorized to perform action on resource.',
    'If role assignments, deny assignments or role definitions were changed recently, please observe propagation time.',
    `Caller: appid=${caller.appid};oid=${caller.oid};iss=${caller.iss}`,
    `Action: '${action}'`,
    `Resource: '${resource.toLowerCase()}'`,
    'Assignment: (not found)',
    'DenyAssignmentId: null',
    "DecisionReason: 'DeniedWithNoValidRBAC' ",
    `Vault: ${vault.name};location=${vault.location}`,
    '',
  ];
  return new KeyVaultError(403, 'Forbidden', lines.join('\r\n'), 'ForbiddenByRbac');
}

/** RBAC authorization: a role assignment of the caller's oid, at the vault, a parent or the secret, must grant the data action. */
export function createRbacGate(options: RbacOptions): (permission: SecretPermission) => RequestHandler {
  const vaultId = vaultResourceId(options.vault);
  return (permission) => (req, res, next) => {
    const caller = callerOf(res);
    const name = typeof req.params.name === 'string' ? req.params.name : undefined;
    const resource = name ? `${vaultId}/secrets/${name}` : vaultId;
    const dataAction = DATA_ACTIONS[permission];
    if (findGrantingAssignment(options.assignments(), caller.oid, resource, { dataAction })) return next();
    options.reject(req, res, forbiddenByRbac(caller, dataAction, resource, options.vault), 'rbac', { oid: caller.oid, appid: caller.appid, dataAction, resource });
  };
}
