import type { RequestHandler } from 'express';
import type { IdentityDeps } from '../deps.js';
import { ficNotFound, parentNotFound } from '../identity-errors.js';
import { ficNameOf, identityKeyOf } from '../request.js';
import { ficBody } from '../representation.js';

/** GET …/federatedIdentityCredentials/{name}. */
export function getFic({ directory }: IdentityDeps): RequestHandler {
  return async (req, res) => {
    const key = identityKeyOf(req);
    const name = ficNameOf(req);
    const identity = await directory.get(key);
    if (!identity) throw parentNotFound(key);
    const fic = identity.federatedIdentityCredentials.find((f) => f.name.toLowerCase() === name.toLowerCase());
    if (!fic) throw ficNotFound(key, name);
    res.json(ficBody(identity, fic));
  };
}
