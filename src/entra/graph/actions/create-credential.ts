import { requireAccess } from '../auth/permissions.js';
import { addCredential } from '../add-credential.js';
import { parseCredentialBody } from '../credential-body.js';
import type { GraphAction } from '../graph-request.js';
import { findApplication } from '../lookup.js';
import { contexts, credentialJson, graphVersion, metadataUrl, sendGraphJson } from '../representations.js';

/** `POST …/federatedIdentityCredentials` → 201 with `@odata.context` and the new `id`. */
export const createCredential: GraphAction<'credentials'> = ({ runtime, req, res, caller, target }) => {
  const app = findApplication(runtime, caller, target.app);
  requireAccess(caller, app, 'write');
  const fic = addCredential(runtime, caller, app, parseCredentialBody(req.body, graphVersion(req)));
  sendGraphJson(req, res, 201, { '@odata.context': contexts.credential(metadataUrl(runtime, req), app), ...credentialJson(fic, runtime.directory, graphVersion(req)) });
};
