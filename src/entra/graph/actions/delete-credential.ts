import { announceCredentialChange } from '../announce-credential-change.js';
import { requireAccess } from '../auth/permissions.js';
import type { GraphAction } from '../graph-request.js';
import { findApplication, findCredential } from '../lookup.js';
import { sendNoContent } from '../representations.js';

/** `DELETE …/federatedIdentityCredentials/{id or name}` → 204; the exchange stops accepting it at once. */
export const deleteCredential: GraphAction<'credential'> = ({ runtime, req, res, caller, target }) => {
  const app = findApplication(runtime, caller, target.app);
  requireAccess(caller, app, 'write');
  const fic = findCredential(app, target.credential);
  runtime.directory.setCredentials(caller.tenant, app, app.federatedIdentityCredentials.filter((f) => f !== fic));
  announceCredentialChange(runtime, caller, app, 'deleted', fic);
  sendNoContent(req, res);
};
