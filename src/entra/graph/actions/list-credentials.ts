import { requireAccess } from '../auth/permissions.js';
import type { GraphAction } from '../graph-request.js';
import { findApplication } from '../lookup.js';
import { contexts, credentialJson, graphVersion, metadataUrl, sendGraphJson } from '../representations.js';

/** `GET …/federatedIdentityCredentials` → `{"@odata.context", "value": [...]}`. */
export const listCredentials: GraphAction<'credentials'> = ({ runtime, req, res, caller, target }) => {
  const app = findApplication(runtime, caller, target.app);
  requireAccess(caller, app, 'read');
  sendGraphJson(req, res, 200, {
    '@odata.context': contexts.credentials(metadataUrl(runtime, req), app),
    value: app.federatedIdentityCredentials.map((fic) => credentialJson(fic, runtime.directory, graphVersion(req))),
  });
};
