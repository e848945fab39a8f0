import type { RoleAssignment } from '../../core/rbac/authorize.js';

/** The role assignments a vault in RBAC mode decides by: the configured ones plus those added at runtime. */
export interface VaultRoleAssignments {
  list(): readonly RoleAssignment[];
  /** false: an assignment of that role to that principal at that scope exists already. */
  add(assignment: RoleAssignment): boolean;
  /** false: there was no such assignment. */
  remove(assignment: RoleAssignment): boolean;
  /** Back to the configured assignments. */
  reset(): void;
}

const same = (a: RoleAssignment, b: RoleAssignment) =>
  a.principalId.toLowerCase() === b.principalId.toLowerCase() && a.role === b.role && a.scope.replace(/\/+$/, '').toLowerCase() === b.scope.replace(/\/+$/, '').toLowerCase();

export function createVaultRoleAssignments(configured: readonly RoleAssignment[]): VaultRoleAssignments {
  let current: readonly RoleAssignment[] = [...configured];
  return {
    list: () => current,
    add(assignment) {
      if (current.some((a) => same(a, assignment))) return false;
      current = [...current, assignment];
      return true;
    },
    remove(assignment) {
      const kept = current.filter((a) => !same(a, assignment));
      if (kept.length === current.length) return false;
      current = kept;
      return true;
    },
    reset() {
      current = [...configured];
    },
  };
}
