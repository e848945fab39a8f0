import type { RoleAssignment } from '../../core/rbac/authorize.js';
import type { StateStore } from '../../core/state-dir.js';

/** A role assignment made through ARM: its name (a GUID) and what ARM returns for it. */
export interface NamedAssignment extends RoleAssignment {
  name: string;
  roleDefinitionId: string;
  principalType: string;
  createdOn: string;
}

/** The tenant's configured assignments plus those made through ARM. */
export interface AssignmentStore {
  all(): readonly RoleAssignment[];
  byName(scope: string, name: string): NamedAssignment | undefined;
  /** An assignment of the same role to the same principal at the same scope, under any name. */
  same(assignment: RoleAssignment): RoleAssignment | undefined;
  put(assignment: NamedAssignment): void;
  remove(assignment: NamedAssignment): void;
}

const norm = (scope: string) => scope.replace(/\/+$/, '').toLowerCase();

const DOCUMENT = 'arm/role-assignments.json';

/**
 * Those made through ARM are kept as Azure keeps them: in the state dir (they survive a restart) or
 * the replicas' store (every replica's ARM decides by them at once); in memory without either.
 */
export function createAssignmentStore(configured: readonly RoleAssignment[], store?: StateStore): AssignmentStore {
  const kept = store && (store.dir || store.shared) ? store : undefined;
  const load = (): NamedAssignment[] => kept?.read<{ assignments: NamedAssignment[] }>(DOCUMENT)?.assignments ?? [];
  let made = load();
  kept?.watch?.(DOCUMENT, () => {
    made = load();
  });
  const save = () => kept?.write(DOCUMENT, { assignments: made });
  return {
    all: () => [...configured, ...made],
    byName: (scope, name) => made.find((a) => a.name.toLowerCase() === name.toLowerCase() && norm(a.scope) === norm(scope)),
    same: (x) => [...configured, ...made].find((a) => a.principalId.toLowerCase() === x.principalId.toLowerCase() && a.role.toLowerCase() === x.role.toLowerCase() && norm(a.scope) === norm(x.scope)),
    put(assignment) {
      made = [...made.filter((a) => a.name.toLowerCase() !== assignment.name.toLowerCase()), assignment];
      save();
    },
    remove(assignment) {
      made = made.filter((a) => !(a.name.toLowerCase() === assignment.name.toLowerCase() && norm(a.scope) === norm(assignment.scope)));
      save();
    },
  };
}
