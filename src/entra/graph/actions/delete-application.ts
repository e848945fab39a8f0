import { requireAccess } from '../auth/permissions.js';
import type { GraphAction } from '../graph-request.js';
import { findApplication } from '../lookup.js';
import { sendNoContent } from '../representations.js';

/** `DELETE /v1.0/applications/{id}` → 204. The app and its credentials are gone at once (no deletedItems). */
export const deleteApplication: GraphAction<'application'> = ({ runtime, req, res, caller, target }) => {
  const app = findApplication(runtime, caller, target.app);
  requireAccess(caller, app, 'write');
  runtime.directory.removeApplication(caller.tenant, app);
  runtime.ctx.events.publish({ party: 'entra', type: 'application-deleted', tenant: caller.tenant.id, appId: app.appId, objectId: app.objectId, by: caller.appId });
  runtime.ctx.logger.info({ tenant: caller.tenant.id, appId: app.appId, by: caller.appId }, 'application deleted');
  sendNoContent(req, res);
};
