import type { RequestHandler } from 'express';
import type { SecretPermission, VaultConfig } from '../config.js';
import { KeyVaultError } from '../errors.js';
import type { Reject } from '../http/rejection.js';
import { callerOf, type Caller } from './caller.js';

export interface AccessPolicyOptions {
  vault: Pick<VaultConfig, 'name' | 'location' | 'accessPolicies'>;
  reject: Reject;
}

function forbidden(caller: Caller, permission: SecretPermission, vault: AccessPolicyOptions['vault']): KeyVaultError {
  return new KeyVaultError(
    403,
    'Forbidden',
    `The user, group or application 'appid=${caller.appid};oid=${caller.oid};iss=${caller.iss}' does not have secrets ${permission} permission on key vault '${vault.name};location=${vault.location}'. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125287`,
    'AccessDenied',
  );
}

/** Access-policy authorization: the caller's object id must hold the operation's secret permission. */
export function createPermissionGate(options: AccessPolicyOptions): (permission: SecretPermission) => RequestHandler {
  const granted = new Map(options.vault.accessPolicies.map((p) => [p.objectId.toLowerCase(), new Set<SecretPermission>(p.permissions)]));
  return (permission) => (req, res, next) => {
    const caller = callerOf(res);
    if (granted.get(caller.oid.toLowerCase())?.has(permission)) return next();
    options.reject(req, res, forbidden(caller, permission, options.vault), 'access-policy', { oid: caller.oid, appid: caller.appid, permission });
  };
}
