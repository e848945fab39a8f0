import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { ArmError } from '../../errors.js';
import type { IdentityDeps } from '../deps.js';
import { idOf } from '../entra-directory.js';
import { identityBodyOf, identityKeyOf } from '../request.js';
import { identityBody } from '../representation.js';

/**
 * PUT …/userAssignedIdentities/{name}: 201 with a new client id and principal id (fresh GUIDs: a
 * re-created identity is a new principal, as in Azure), 200 when it existed (tags replaced; its
 * location cannot change). The identity is a service principal in Entra from then on.
 */
export function putIdentity({ directory, tenant, lock }: IdentityDeps): RequestHandler {
  return async (req, res) => {
    const key = identityKeyOf(req);
    const body = await identityBodyOf(req);
    const written = await lock.with(idOf(key), async () => {
      const existing = await directory.get(key);
      if (existing && existing.location !== body.location) {
        throw new ArmError(400, 'InvalidResourceLocation', `The resource '${key.name}' already exists in location '${existing.location}' in resource group '${key.resourceGroup}'. A resource with the same name cannot be created in location '${body.location}'. Please select a new resource name.`, 'location');
      }
      const identity = await directory.put(key, {
        location: body.location,
        tags: body.tags,
        clientId: existing?.clientId ?? randomUUID(),
        principalId: existing?.principalId ?? randomUUID(),
        federatedIdentityCredentials: existing?.federatedIdentityCredentials ?? [],
      });
      return { identity, created: !existing };
    });
    res.status(written.created ? 201 : 200).json(identityBody(written.identity, tenant));
  };
}
