import { roleNamed } from './built-in-roles.js';

/** A role assignment as configured: who (an object id), which built-in role, where (an ARM resource id). */
export interface RoleAssignment {
  principalId: string;
  role: string;
  scope: string;
}

const trimSlash = (s: string) => s.replace(/\/+$/, '').toLowerCase();

/** A scope applies to a resource when it is the resource or one of its parents (ARM ids are case-insensitive). */
export function scopeCovers(scope: string, resourceId: string): boolean {
  const outer = trimSlash(scope);
  const inner = trimSlash(resourceId);
  return outer === '' || inner === outer || inner.startsWith(outer + '/');
}

/** Azure RBAC's wildcard match of an action pattern: `*` spans any characters, case-insensitive. */
export function actionMatches(pattern: string, action: string): boolean {
  const escaped = pattern.toLowerCase().replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`).test(action.toLowerCase());
}

export type Permission = { action: string } | { dataAction: string };

function grants(roleName: string, permission: Permission): boolean {
  const role = roleNamed(roleName);
  if (!role) return false;
  if ('dataAction' in permission) return role.dataActions.some((p) => actionMatches(p, permission.dataAction));
  return role.actions.some((p) => actionMatches(p, permission.action)) && !role.notActions.some((p) => actionMatches(p, permission.action));
}

/** The assignment that lets `principalId` do `permission` on `resourceId`, if any (no deny assignments in fedlab). */
export function findGrantingAssignment(assignments: readonly RoleAssignment[], principalId: string, resourceId: string, permission: Permission): RoleAssignment | undefined {
  const who = principalId.toLowerCase();
  return assignments.find((a) => a.principalId.toLowerCase() === who && scopeCovers(a.scope, resourceId) && grants(a.role, permission));
}
