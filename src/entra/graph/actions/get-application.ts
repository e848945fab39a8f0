import { requireAccess } from '../auth/permissions.js';
import type { GraphAction } from '../graph-request.js';
import { findApplication } from '../lookup.js';
import { applicationJson, contexts, metadataUrl, sendGraphJson } from '../representations.js';

/** `GET /v1.0/applications/{id}` and `/v1.0/applications(appId='{appId}')`. */
export const getApplication: GraphAction<'application'> = ({ runtime, req, res, caller, target }) => {
  const app = findApplication(runtime, caller, target.app);
  requireAccess(caller, app, 'read');
  sendGraphJson(req, res, 200, { '@odata.context': contexts.application(metadataUrl(runtime, req)), ...applicationJson(app) });
};
