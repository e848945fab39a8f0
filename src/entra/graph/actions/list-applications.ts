import { insufficientPrivileges, mayAccess, READ_ALL, READ_WRITE_ALL, READ_WRITE_OWNED_BY } from '../auth/permissions.js';
import type { GraphAction } from '../graph-request.js';
import { applicationJson, contexts, metadataUrl, sendGraphJson } from '../representations.js';

/** `GET /v1.0/applications`: what the caller may read (with OwnedBy alone: the apps it owns). */
export const listApplications: GraphAction<'applications'> = ({ runtime, req, res, caller }) => {
  if (![READ_ALL, READ_WRITE_ALL, READ_WRITE_OWNED_BY].some((role) => caller.roles.includes(role))) {
    throw insufficientPrivileges(`roles [${caller.roles.join(', ')}] of ${caller.appId} include no Application permission`);
  }
  const readable = caller.tenant.applications.filter((app) => mayAccess(caller, app, 'read'));
  sendGraphJson(req, res, 200, { '@odata.context': contexts.applications(metadataUrl(runtime, req)), value: readable.map(applicationJson) });
};
