import type { RequestHandler } from 'express';
import { apiVersionOf } from '../http/api-version.js';
import { deletedSecretItem } from '../secrets/secret-bundle.js';
import { paginate } from '../secrets/paging.js';
import type { ActionDeps } from './action-deps.js';

/** GET /deletedsecrets: soft-deleted secrets still within their retention. */
export function listDeletedSecrets({ secrets, siteFor }: ActionDeps): RequestHandler {
  return (req, res) => {
    const site = siteFor(req);
    const items = secrets.listDeleted().map((secret) => deletedSecretItem(site, secret));
    res.json(paginate(items, req.query, `${site.vaultUrl}/deletedsecrets`, apiVersionOf(res)));
  };
}
