import type { RequestHandler } from 'express';
import type { IdentityDeps } from '../deps.js';
import { identityKeyOf, subscriptionOf } from '../request.js';
import { identityBody } from '../representation.js';

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** GET …/resourceGroups/{rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities: `{ value }`, one page. */
export function listIdentitiesByResourceGroup({ directory, tenant }: IdentityDeps): RequestHandler {
  return async (req, res) => {
    const key = identityKeyOf(req);
    const all = await directory.list();
    const value = all.filter((m) => same(m.subscriptionId, key.subscriptionId) && same(m.resourceGroup, key.resourceGroup)).map((m) => identityBody(m, tenant));
    res.json({ value });
  };
}

/** GET /subscriptions/{sub}/providers/Microsoft.ManagedIdentity/userAssignedIdentities. */
export function listIdentitiesBySubscription({ directory, tenant }: IdentityDeps): RequestHandler {
  return async (req, res) => {
    const subscriptionId = subscriptionOf(req);
    const all = await directory.list();
    res.json({ value: all.filter((m) => same(m.subscriptionId, subscriptionId)).map((m) => identityBody(m, tenant)) });
  };
}
