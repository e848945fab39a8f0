import type { RequestHandler } from 'express';
import { callerOf } from '../auth/caller.js';
import { parseBody, secretName, setSecretBody, versionProperties } from '../http/request-body.js';
import { secretBundle } from '../secrets/secret-bundle.js';
import type { ActionDeps } from './action-deps.js';

/** PUT /secrets/{name}: a new version (and the secret itself the first time). */
export function setSecret({ secrets, siteFor, events }: ActionDeps): RequestHandler {
  return (req, res) => {
    const site = siteFor(req);
    const name = secretName(req.params.name as string);
    const body = parseBody(setSecretBody, req.body);
    const { record, version } = secrets.set(name, body.value, versionProperties(body));
    events.publish({ party: 'vault', type: 'secret-set', name: record.name, version: version.version, oid: callerOf(res).oid });
    res.json(secretBundle(site, record, version));
  };
}
