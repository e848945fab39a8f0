import { requireAccess } from '../auth/permissions.js';
import type { GraphAction } from '../graph-request.js';
import { findApplication, findCredential } from '../lookup.js';
import { contexts, credentialJson, graphVersion, metadataUrl, sendGraphJson } from '../representations.js';

/** `GET …/federatedIdentityCredentials/{id or name}` and `…/federatedIdentityCredentials(name='{name}')`. */
export const getCredential: GraphAction<'credential'> = ({ runtime, req, res, caller, target }) => {
  const app = findApplication(runtime, caller, target.app);
  requireAccess(caller, app, 'read');
  const fic = findCredential(app, target.credential);
  sendGraphJson(req, res, 200, { '@odata.context': contexts.credential(metadataUrl(runtime, req), app), ...credentialJson(fic, runtime.directory, graphVersion(req)) });
};
