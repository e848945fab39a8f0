import type { RoleAssignment } from '../../core/rbac/authorize.js';
import type { StateStore } from '../../core/state-dir.js';

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

/** Where the assignments are kept: the state dir or the replicas' store (absent: memory only). */
export interface RoleAssignmentDocument {
  store: StateStore;
  name: string;
}

/**
 * Runtime changes are kept as Azure keeps role assignments: with a state dir they survive a restart,
 * and replicas (`--store`, `--workers`) see each other's at once (the document's change notice).
 */
export function createVaultRoleAssignments(configured: readonly RoleAssignment[], document?: RoleAssignmentDocument): VaultRoleAssignments {
  const kept = document && (document.store.dir || document.store.shared) ? document : undefined;
  const load = (): readonly RoleAssignment[] => kept?.store.read<{ assignments: RoleAssignment[] }>(kept.name)?.assignments ?? [...configured];
  let current = load();
  kept?.store.watch?.(kept.name, () => {
    current = load();
  });
  const set = (next: readonly RoleAssignment[]) => {
    current = next;
    kept?.store.write(kept.name, { assignments: current });
  };
  return {
    list: () => current,
    add(assignment) {
      if (current.some((a) => same(a, assignment))) return false;
      set([...current, assignment]);
      return true;
    },
    remove(assignment) {
      const left = current.filter((a) => !same(a, assignment));
      if (left.length === current.length) return false;
      set(left);
      return true;
    },
    reset() {
      set([...configured]);
    },
  };
}
