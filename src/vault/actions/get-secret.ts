import type { RequestHandler } from 'express';
import { callerOf } from '../auth/caller.js';
import { secretDisabled } from '../errors.js';
import { secretName } from '../http/request-body.js';
import { secretBundle } from '../secrets/secret-bundle.js';
import type { ActionDeps } from './action-deps.js';

/** GET /secrets/{name}[/{version}]: the value of the current or the given version. */
export function getSecret({ secrets, siteFor, events }: ActionDeps): RequestHandler {
  return (req, res) => {
    const site = siteFor(req);
    const name = secretName(req.params.name as string);
    const { record, version } = secrets.find(name, req.params.version as string | undefined);
    if (!version.enabled) throw secretDisabled('get');
    const caller = callerOf(res);
    // vaultUrl: the vault as the client named it (https://<name>.vault.azure.net through the proxy).
    events.publish({ party: 'vault', type: 'secret-read', name: record.name, version: version.version, oid: caller.oid, appid: caller.appid, vaultUrl: site.vaultUrl });
    res.json(secretBundle(site, record, version));
  };
}
