import type { RequestHandler } from 'express';
import { secretName } from '../http/request-body.js';
import { deletedSecretBundle } from '../secrets/secret-bundle.js';
import type { ActionDeps } from './action-deps.js';

/** GET /deletedsecrets/{name}: what the SDK's delete poller waits for. */
export function getDeletedSecret({ secrets, siteFor }: ActionDeps): RequestHandler {
  return (req, res) => {
    const site = siteFor(req);
    res.json(deletedSecretBundle(site, secrets.findDeleted(secretName(req.params.name as string))));
  };
}
