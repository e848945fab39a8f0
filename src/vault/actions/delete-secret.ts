import type { RequestHandler } from 'express';
import { callerOf } from '../auth/caller.js';
import { secretName } from '../http/request-body.js';
import { deletedSecretBundle } from '../secrets/secret-bundle.js';
import type { ActionDeps } from './action-deps.js';

/**
 * DELETE /secrets/{name}: soft delete of all versions. Key Vault finishes this asynchronously;
 * here it is done at once, so the SDK's poller finds the deleted secret on its first look.
 */
export function deleteSecret({ secrets, siteFor, events }: ActionDeps): RequestHandler {
  return (req, res) => {
    const site = siteFor(req);
    const deleted = secrets.softDelete(secretName(req.params.name as string));
    events.publish({ party: 'vault', type: 'secret-deleted', name: deleted.name, oid: callerOf(res).oid });
    res.json(deletedSecretBundle(site, deleted));
  };
}
