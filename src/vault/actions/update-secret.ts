import type { RequestHandler } from 'express';
import { callerOf } from '../auth/caller.js';
import { parseBody, secretName, updateSecretBody, versionProperties } from '../http/request-body.js';
import { secretProperties } from '../secrets/secret-bundle.js';
import type { ActionDeps } from './action-deps.js';

/** PATCH /secrets/{name}/{version}: change attributes, tags or content type; never the value. */
export function updateSecret({ secrets, siteFor, events }: ActionDeps): RequestHandler {
  return (req, res) => {
    const site = siteFor(req);
    const name = secretName(req.params.name as string);
    const body = parseBody(updateSecretBody, req.body);
    const { record, version } = secrets.update(name, req.params.version as string | undefined, versionProperties(body));
    events.publish({ party: 'vault', type: 'secret-updated', name: record.name, version: version.version, oid: callerOf(res).oid });
    res.json(secretProperties(site, record, version));
  };
}
