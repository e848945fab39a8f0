import type { RequestHandler } from 'express';
import { callerOf } from '../auth/caller.js';
import { secretName } from '../http/request-body.js';
import type { ActionDeps } from './action-deps.js';

/** DELETE /deletedsecrets/{name}: gone for good; 204 with no body. */
export function purgeDeletedSecret({ secrets, events }: ActionDeps): RequestHandler {
  return (req, res) => {
    const name = secretName(req.params.name as string);
    secrets.purge(name);
    events.publish({ party: 'vault', type: 'secret-purged', name, oid: callerOf(res).oid });
    res.status(204).end();
  };
}
