import type { NamedAssignment } from './assignment-store.js';

export const ROLE_ASSIGNMENT_TYPE = 'Microsoft.Authorization/roleAssignments';

/** A roleAssignment as Microsoft.Authorization (2022-04-01) returns it. */
export function assignmentBody(a: NamedAssignment) {
  return {
    properties: {
      roleDefinitionId: a.roleDefinitionId,
      principalId: a.principalId,
      principalType: a.principalType,
      scope: a.scope,
      condition: null,
      conditionVersion: null,
      createdOn: a.createdOn,
      updatedOn: a.createdOn,
      createdBy: null,
      updatedBy: null,
      delegatedManagedIdentityResourceId: null,
      description: null,
    },
    id: `${a.scope}/providers/Microsoft.Authorization/roleAssignments/${a.name}`,
    type: ROLE_ASSIGNMENT_TYPE,
    name: a.name,
  };
}
