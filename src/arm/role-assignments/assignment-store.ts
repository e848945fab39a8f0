import type { RoleAssignment } from '../../core/rbac/authorize.js';

/** A role assignment made through ARM: its name (a GUID) and what ARM returns for it. */
export interface NamedAssignment extends RoleAssignment {
  name: string;
  roleDefinitionId: string;
  principalType: string;
  createdOn: string;
}

/** The tenant's configured assignments plus those made through ARM (this listener's memory). */
export interface AssignmentStore {
  all(): readonly RoleAssignment[];
  byName(scope: string, name: string): NamedAssignment | undefined;
  /** An assignment of the same role to the same principal at the same scope, under any name. */
  same(assignment: RoleAssignment): RoleAssignment | undefined;
  put(assignment: NamedAssignment): void;
  remove(assignment: NamedAssignment): void;
}

const norm = (scope: string) => scope.replace(/\/+$/, '').toLowerCase();

export function createAssignmentStore(configured: readonly RoleAssignment[]): AssignmentStore {
  let made: NamedAssignment[] = [];
  return {
    all: () => [...configured, ...made],
    byName: (scope, name) => made.find((a) => a.name.toLowerCase() === name.toLowerCase() && norm(a.scope) === norm(scope)),
    same: (x) => [...configured, ...made].find((a) => a.principalId.toLowerCase() === x.principalId.toLowerCase() && a.role.toLowerCase() === x.role.toLowerCase() && norm(a.scope) === norm(x.scope)),
    put(assignment) {
      made = [...made.filter((a) => a.name.toLowerCase() !== assignment.name.toLowerCase()), assignment];
    },
    remove(assignment) {
      made = made.filter((a) => a !== assignment);
    },
  };
}
