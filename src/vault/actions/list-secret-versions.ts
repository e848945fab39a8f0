import type { RequestHandler } from 'express';
import { apiVersionOf } from '../http/api-version.js';
import { secretName } from '../http/request-body.js';
import { versionItem } from '../secrets/secret-bundle.js';
import { paginate } from '../secrets/paging.js';
import type { ActionDeps } from './action-deps.js';

/** GET /secrets/{name}/versions: every version's id and attributes, oldest first. */
export function listSecretVersions({ secrets, siteFor }: ActionDeps): RequestHandler {
  return (req, res) => {
    const site = siteFor(req);
    const name = secretName(req.params.name as string);
    const found = secrets.versions(name);
    const items = found.map(({ record, version }) => versionItem(site, record, version));
    res.json(paginate(items, req.query, `${site.vaultUrl}/secrets/${found[0]!.record.name}/versions`, apiVersionOf(res)));
  };
}
