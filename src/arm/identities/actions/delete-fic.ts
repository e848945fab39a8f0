import type { RequestHandler } from 'express';
import type { IdentityDeps } from '../deps.js';
import { idOf } from '../entra-directory.js';
import { concurrentFicWrites, parentNotFound } from '../identity-errors.js';
import { ficNameOf, identityKeyOf } from '../request.js';

/** DELETE …/federatedIdentityCredentials/{name}: 200 deleted, 204 none; a write like PUT (409 when another is in flight). */
export function deleteFic({ directory, lock }: IdentityDeps): RequestHandler {
  return async (req, res) => {
    const key = identityKeyOf(req);
    const name = ficNameOf(req);
    const outcome = await lock.tryWith(idOf(key), async () => {
      const identity = await directory.get(key);
      if (!identity) throw parentNotFound(key);
      const kept = identity.federatedIdentityCredentials.filter((f) => f.name.toLowerCase() !== name.toLowerCase());
      if (kept.length === identity.federatedIdentityCredentials.length) return { removed: false };
      await directory.put(key, { ...identity, federatedIdentityCredentials: kept });
      return { removed: true };
    });
    if (!outcome) throw concurrentFicWrites(idOf(key));
    res.status(outcome.removed ? 200 : 204).end();
  };
}
