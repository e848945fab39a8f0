import type { RequestHandler } from 'express';
import { MAX_IDENTITY_FICS } from '../../../core/arm-resource-names.js';
import type { IdentityDeps } from '../deps.js';
import { idOf } from '../entra-directory.js';
import { badRequest, concurrentFicWrites, parentNotFound } from '../identity-errors.js';
import { ficBodyOf, ficNameOf, identityKeyOf } from '../request.js';
import { ficBody } from '../representation.js';

/**
 * PUT …/federatedIdentityCredentials/{name}: 201 new, 200 replaced. One write per identity at a
 * time (409 otherwise); at most 20 per identity; (issuer, subject) unique on the identity.
 */
export function putFic({ directory, lock }: IdentityDeps): RequestHandler {
  return async (req, res) => {
    const key = identityKeyOf(req);
    const name = ficNameOf(req);
    const body = await ficBodyOf(req);
        const outcome = await lock.tryWith(idOf(key), async () => {
      const identity = await directory.get(key);
      if (!identity) throw parentNotFound(key);
      const others = identity.federatedIdentityCredentials.filter((f) => f.name.toLowerCase() !== name.toLowerCase());
      const created = others.length === identity.federatedIdentityCredentials.length;
      if (others.some((f) => f.issuer === body.issuer && f.subject === body.subject)) throw badRequest('Issuer and subject combination already exists for this Managed Identity.', 'unique-issuer-subject');
      if (created && others.length >= MAX_IDENTITY_FICS) throw badRequest(`The managed identity already has ${MAX_IDENTITY_FICS} Federated Identity Credentials, the most it can have.`, 'credential-count');
      const fic = { name, ...body };
      const written = await directory.put(key, { ...identity, federatedIdentityCredentials: [...others, fic] });
      return { identity: written, fic, created };
    });
    if (!outcome) throw concurrentFicWrites(idOf(key));
    res.status(outcome.created ? 201 : 200).json(ficBody(outcome.identity, outcome.fic));
  };
}
