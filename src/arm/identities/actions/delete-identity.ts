import type { RequestHandler } from 'express';
import type { IdentityDeps } from '../deps.js';
import { idOf } from '../entra-directory.js';
import { identityKeyOf } from '../request.js';

/** DELETE …/userAssignedIdentities/{name}: 200 when it was deleted, 204 when there was none (ARM's idempotent delete). */
export function deleteIdentity({ directory, lock }: IdentityDeps): RequestHandler {
  return async (req, res) => {
    const key = identityKeyOf(req);
    const removed = await lock.with(idOf(key), () => directory.remove(key));
    res.status(removed ? 200 : 204).end();
  };
}
