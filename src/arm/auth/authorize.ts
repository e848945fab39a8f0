import type { Request, RequestHandler } from 'express';
import { findGrantingAssignment, type RoleAssignment } from '../../core/rbac/authorize.js';
import { ArmError } from '../errors.js';
import type { Reject } from '../http/rejection.js';
import { callerOf } from './caller.js';

/** The scope a request acts on: its path, as ARM names it in AuthorizationFailed. */
export const scopeOf = (req: Request) => req.path.replace(/\/+$/, '');

/**
 * Azure RBAC in front of every operation (the assignments as they are now): a role assignment of the caller's object id at the scope
 * or a parent must grant the action, else ARM's 403 AuthorizationFailed in its usual wording
 * ("The client '…' with object id '…' does not have authorization to perform action '…' over
 * scope '…' or the scope is invalid. If access was recently granted, please refresh your credentials.").
 */
export function createAuthorizer(assignments: () => readonly RoleAssignment[], reject: Reject): (action: string) => RequestHandler {
  return (action) => (req, res, next) => {
    const caller = callerOf(res);
    const scope = scopeOf(req);
    if (findGrantingAssignment(assignments(), caller.oid, scope, { action })) return next();
    const message = `The client '${caller.appid || caller.oid}' with object id '${caller.oid}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`;
    reject(req, res, new ArmError(403, 'AuthorizationFailed', message), 'role-assignment', { oid: caller.oid, action, scope });
  };
}
