import type { RequestHandler } from 'express';
import { callerOf } from '../auth/caller.js';
import { secretName } from '../http/request-body.js';
import { secretProperties } from '../secrets/secret-bundle.js';
import { currentVersion } from '../secrets/secret-model.js';
import type { ActionDeps } from './action-deps.js';

/** POST /deletedsecrets/{name}/recover: back to live with all versions; the current one is returned without value. */
export function recoverDeletedSecret({ secrets, siteFor, events }: ActionDeps): RequestHandler {
  return (req, res) => {
    const site = siteFor(req);
    const record = secrets.recover(secretName(req.params.name as string));
    events.publish({ party: 'vault', type: 'secret-recovered', name: record.name, oid: callerOf(res).oid });
    res.json(secretProperties(site, record, currentVersion(record)));
  };
}
