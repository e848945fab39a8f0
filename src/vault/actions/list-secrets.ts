import type { RequestHandler } from 'express';
import { apiVersionOf } from '../http/api-version.js';
import { secretItem } from '../secrets/secret-bundle.js';
import { paginate } from '../secrets/paging.js';
import type { ActionDeps } from './action-deps.js';

/** GET /secrets: every secret's id (without version) and current attributes, never a value. */
export function listSecrets({ secrets, siteFor }: ActionDeps): RequestHandler {
  return (req, res) => {
    const site = siteFor(req);
    const items = secrets.list().map((record) => secretItem(site, record));
    res.json(paginate(items, req.query, `${site.vaultUrl}/secrets`, apiVersionOf(res)));
  };
}
