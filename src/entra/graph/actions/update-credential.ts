import type { DirectoryFic } from '../../directory/directory.js';
import { requireAccess } from '../auth/permissions.js';
import { addCredential } from '../add-credential.js';
import { announceCredentialChange } from '../announce-credential-change.js';
import { parseCredentialBody } from '../credential-body.js';
import { checkCredential } from '../credential-rules.js';
import { invalidValue, resourceNotFound } from '../graph-error.js';
import type { GraphAction } from '../graph-request.js';
import { findApplication, lookupCredential } from '../lookup.js';
import { contexts, credentialJson, graphVersion, metadataUrl, sendGraphJson, sendNoContent } from '../representations.js';

/** Graph's upsert asks for it: `Prefer: create-if-missing` (without it, PATCH only updates). */
const createIfMissing = (prefer: string | undefined) => (prefer ?? '').split(',').some((p) => p.trim().toLowerCase() === 'create-if-missing');

/**
 * `PATCH …/federatedIdentityCredentials/{id or name}` → 204 (name is immutable), and the upsert
 * `PATCH …/federatedIdentityCredentials(name='{name}')`: with `Prefer: create-if-missing` a missing
 * credential is created (201 with the object), an existing one updated (204).
 */
export const updateCredential: GraphAction<'credential'> = ({ runtime, req, res, caller, target }) => {
  const app = findApplication(runtime, caller, target.app);
  requireAccess(caller, app, 'write');
  const input = parseCredentialBody(req.body, graphVersion(req));
  const existing = lookupCredential(app, target.credential);
  const { credential } = target;

  if (!existing) {
    if (credential.by !== 'name' || !createIfMissing(req.header('prefer'))) throw resourceNotFound(credential.value, 'credential');
    if (input.name !== undefined && input.name !== credential.value) throw invalidValue('name', 'FederatedIdentityCredential', `the body names '${input.name}', the URL '${credential.value}'`);
    const fic = addCredential(runtime, caller, app, { ...input, name: credential.value });
    res.setHeader('Preference-Applied', 'create-if-missing');
    sendGraphJson(req, res, 201, { '@odata.context': contexts.credential(metadataUrl(runtime, req), app), ...credentialJson(fic, runtime.directory, graphVersion(req)) });
    return;
  }

  if (input.name !== undefined && input.name !== existing.name) throw invalidValue('name', 'FederatedIdentityCredential', `name is immutable ('${existing.name}')`);
  const updated: DirectoryFic = { ...existing, ...input, name: existing.name };
  checkCredential(runtime, caller, app, updated);
  runtime.directory.setCredentials(caller.tenant, app, app.federatedIdentityCredentials.map((f) => (f === existing ? updated : f)));
  announceCredentialChange(runtime, caller, app, 'updated', updated, { changed: Object.keys(input) });
  sendNoContent(req, res);
};
