import type { RequestHandler } from 'express';
import type { IdentityDeps } from '../deps.js';
import { parentNotFound } from '../identity-errors.js';
import { identityKeyOf } from '../request.js';
import { ficBody } from '../representation.js';

/** GET …/userAssignedIdentities/{name}/federatedIdentityCredentials: `{ value }` (20 at most, one page; `$top` ignored). */
export function listFics({ directory }: IdentityDeps): RequestHandler {
  return async (req, res) => {
    const key = identityKeyOf(req);
    const identity = await directory.get(key);
    if (!identity) throw parentNotFound(key);
    res.json({ value: identity.federatedIdentityCredentials.map((f) => ficBody(identity, f)) });
  };
}
