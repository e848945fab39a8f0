import type { RequestHandler } from 'express';
import type { IdentityDeps } from '../deps.js';
import { identityNotFound } from '../identity-errors.js';
import { identityKeyOf } from '../request.js';
import { identityBody } from '../representation.js';

/** GET …/userAssignedIdentities/{name}. */
export function getIdentity({ directory, tenant }: IdentityDeps): RequestHandler {
  return async (req, res) => {
    const key = identityKeyOf(req);
    const identity = await directory.get(key);
    if (!identity) throw identityNotFound(key);
    res.json(identityBody(identity, tenant));
  };
}
