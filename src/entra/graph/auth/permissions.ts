import type { Application } from '../../directory/directory.js';
import { GraphError } from '../graph-error.js';
import type { GraphCaller } from './graph-caller.js';

/** Graph's application permissions for applications and their federated credentials. */
export const READ_ALL = 'Application.Read.All';
export const READ_WRITE_ALL = 'Application.ReadWrite.All';
/** Manage only the applications the caller owns (and create new ones, which it then owns). */
export const READ_WRITE_OWNED_BY = 'Application.ReadWrite.OwnedBy';

export type Access = 'read' | 'write';

export function owns(caller: GraphCaller, app: Application): boolean {
  const me = caller.servicePrincipalId.toLowerCase();
  return app.owners.some((owner) => owner.toLowerCase() === me);
}

export function mayAccess(caller: GraphCaller, app: Application, access: Access): boolean {
  if (caller.roles.includes(READ_WRITE_ALL)) return true;
  if (access === 'read' && caller.roles.includes(READ_ALL)) return true;
  return caller.roles.includes(READ_WRITE_OWNED_BY) && owns(caller, app);
}

export function mayCreateApplications(caller: GraphCaller): boolean {
  return caller.roles.includes(READ_WRITE_ALL) || caller.roles.includes(READ_WRITE_OWNED_BY);
}

/** 403 Authorization_RequestDenied, Graph's answer to a valid token without the permission. */
export function insufficientPrivileges(detail: string): GraphError {
  return new GraphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.', 'permission', detail);
}

export function requireAccess(caller: GraphCaller, app: Application, access: Access): void {
  if (!mayAccess(caller, app, access)) {
    const needed = access === 'read' ? `${READ_ALL}, ${READ_WRITE_ALL} or ${READ_WRITE_OWNED_BY} as an owner` : `${READ_WRITE_ALL}, or ${READ_WRITE_OWNED_BY} as an owner`;
    throw insufficientPrivileges(`roles [${caller.roles.join(', ')}] of ${caller.appId} do not allow ${access === 'read' ? 'reading' : 'changing'} application ${app.appId} (needs ${needed})`);
  }
}
