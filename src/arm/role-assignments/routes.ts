import type { Request, RequestHandler, Router } from 'express';
import { BUILT_IN_ROLES } from '../../core/rbac/built-in-roles.js';
import { ArmError } from '../errors.js';
import { createAuthorizer } from '../auth/authorize.js';
import { requireApiVersion } from '../http/api-version.js';
import type { Reject } from '../http/rejection.js';
import type { AssignmentStore } from './assignment-store.js';
import { assignmentBody } from './representation.js';
import type { VaultAssignments } from './vault-directory.js';

/** The Microsoft.Authorization api-versions served: 2022-04-01 (az role assignment create, @azure/arm-authorization 9). */
export const AUTHORIZATION_API_VERSIONS: readonly string[] = ['2022-04-01'];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PRINCIPAL_TYPES = ['ServicePrincipal', 'User', 'Group', 'ForeignGroup', 'Device'];

export interface RoleAssignmentDeps {
  store: AssignmentStore;
  vaults: VaultAssignments;
  location: string;
  now: () => Date;
}

/** `{scope}/providers/Microsoft.Authorization/roleAssignments/{name}`: the scope is everything before. */
function target(req: Request): { scope: string; name: string } {
  const segments = req.params.scope as unknown as string[];
  const scope = `/${segments.join('/')}`;
  const name = String(req.params.name);
  if (!GUID.test(name)) throw new ArmError(400, 'InvalidRoleAssignmentId', `The role assignment ID '${name}' is not valid. The role assignment ID must be a GUID.`, 'role-assignment-name');
  if (!/^\/subscriptions\/[0-9a-f-]{36}(\/|$)/i.test(scope)) throw new ArmError(400, 'InvalidScope', `The scope '${scope}' is not valid: fedlab serves role assignments at a subscription or below.`, 'scope');
  return { scope, name };
}

/** The role definition id names a built-in role by its GUID (`…/providers/Microsoft.Authorization/roleDefinitions/<id>`). */
function roleOf(body: unknown) {
  const properties = (body as { properties?: Record<string, unknown> } | undefined)?.properties;
  if (!properties || typeof properties !== 'object') throw new ArmError(400, 'InvalidRequestContent', "The request content was invalid and could not be deserialized: 'properties is required'.", 'body');
  const definitionId = String(properties.roleDefinitionId ?? '');
  const guid = /\/providers\/Microsoft\.Authorization\/roleDefinitions\/([0-9a-f-]{36})$/i.exec(definitionId)?.[1];
  const role = BUILT_IN_ROLES.find((r) => r.id.toLowerCase() === guid?.toLowerCase());
  if (!role) throw new ArmError(400, 'RoleDefinitionDoesNotExist', `The specified role definition with ID '${guid ?? definitionId}' does not exist.`, 'role-definition');
  const principalId = String(properties.principalId ?? '');
  if (!GUID.test(principalId)) throw new ArmError(400, 'InvalidPrincipalId', `A valid principal ID must be provided for role assignment.`, 'principal-id');
  const principalType = properties.principalType === undefined ? 'ServicePrincipal' : String(properties.principalType);
  if (!PRINCIPAL_TYPES.includes(principalType)) throw new ArmError(400, 'InvalidRequestContent', `The request content was invalid and could not be deserialized: 'principalType ${principalType} is not one of ${PRINCIPAL_TYPES.join(', ')}'.`, 'principal-type');
  return { role, definitionId, principalId, principalType };
}

/**
 * Microsoft.Authorization/roleAssignments at any scope from a subscription down: PUT (201; an equal
 * assignment under another name → 409 RoleAssignmentExists), GET, DELETE (200 with it, 204 when none).
 * Writes need Microsoft.Authorization/roleAssignments/write (Owner, not Contributor); ARM's own checks
 * use them at once, and the Key Vaults they concern get them over HTTPS.
 */
export function roleAssignmentRoutes(app: Router, reject: Reject, deps: RoleAssignmentDeps): void {
  const allow = createAuthorizer(deps.store.all, reject);
  const version = requireApiVersion('roleAssignments', deps.location, reject, AUTHORIZATION_API_VERSIONS);
  const path = '/*scope/providers/Microsoft.Authorization/roleAssignments/:name';

  const get: RequestHandler = (req, res) => {
    const { scope, name } = target(req);
    const found = deps.store.byName(scope, name);
    if (!found) throw new ArmError(404, 'RoleAssignmentNotFound', `The role assignment '${name}' is not found.`, 'resource-exists');
    res.json(assignmentBody(found));
  };
  const put: RequestHandler = async (req, res) => {
    const { scope, name } = target(req);
    const { role, definitionId, principalId, principalType } = roleOf(req.body);
    const assignment = { principalId, role: role.name, scope };
    const existing = deps.store.byName(scope, name);
    if (existing && (existing.principalId.toLowerCase() !== principalId.toLowerCase() || existing.role !== role.name)) {
      throw new ArmError(400, 'RoleAssignmentUpdateNotPermitted', 'Tenant ID, application ID, principal ID, and scope are not allowed to be updated.', 'role-assignment-name');
    }
    if (existing) return void res.status(200).json(assignmentBody(existing));
    if (deps.store.same(assignment)) throw new ArmError(409, 'RoleAssignmentExists', 'The role assignment already exists.', 'unique-assignment');
    const made = { ...assignment, name, roleDefinitionId: definitionId, principalType, createdOn: deps.now().toISOString() };
    await deps.vaults.added(assignment);
    deps.store.put(made);
    res.status(201).json(assignmentBody(made));
  };
  const remove: RequestHandler = async (req, res) => {
    const { scope, name } = target(req);
    const found = deps.store.byName(scope, name);
    if (!found) return void res.status(204).end();
    deps.store.remove(found);
    await deps.vaults.removed(found);
    res.status(200).json(assignmentBody(found));
  };
  app.get(path, version, allow('Microsoft.Authorization/roleAssignments/read'), get);
  app.put(path, version, allow('Microsoft.Authorization/roleAssignments/write'), put);
  app.delete(path, version, allow('Microsoft.Authorization/roleAssignments/delete'), remove);
}
