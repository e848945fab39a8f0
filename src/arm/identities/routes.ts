import type { RequestHandler, Router } from 'express';
import type { RoleAssignment } from '../../core/rbac/authorize.js';
import { createAuthorizer } from '../auth/authorize.js';
import { requireApiVersion } from '../http/api-version.js';
import type { Reject } from '../http/rejection.js';
import { deleteFic } from './actions/delete-fic.js';
import { deleteIdentity } from './actions/delete-identity.js';
import { getFic } from './actions/get-fic.js';
import { getIdentity } from './actions/get-identity.js';
import { listFics } from './actions/list-fics.js';
import { listIdentitiesByResourceGroup, listIdentitiesBySubscription } from './actions/list-identities.js';
import { putFic } from './actions/put-fic.js';
import { putIdentity } from './actions/put-identity.js';
import type { IdentityDeps } from './deps.js';
import { subscriptionOf } from './request.js';
import { FIC_TYPE, IDENTITY_TYPE } from './representation.js';

const IDENTITIES = '/subscriptions/:subscriptionId/resourceGroups/:resourceGroup/providers/Microsoft.ManagedIdentity/userAssignedIdentities';
const IDENTITY = `${IDENTITIES}/:name`;
const FICS = `${IDENTITY}/federatedIdentityCredentials`;
const FIC = `${FICS}/:ficName`;

/**
 * Microsoft.ManagedIdentity's operations (the paths of @azure/arm-msi 2.2.0). Each goes: api-version
 * → subscription id → role assignment for the operation's action → names, body → the operation.
 * Paths are case-insensitive, as ARM's are.
 */
export function identityRoutes(app: Router, reject: Reject, deps: IdentityDeps & { roleAssignments: () => readonly RoleAssignment[]; location: string }): void {
  const allow = createAuthorizer(deps.roleAssignments, reject);
  const identityVersion = requireApiVersion('userAssignedIdentities', deps.location, reject);
  const ficVersion = requireApiVersion('userAssignedIdentities/federatedIdentityCredentials', deps.location, reject);
  const subscription: RequestHandler = (req, _res, next) => {
    subscriptionOf(req);
    next();
  };
  const action = (type: string, verb: string) => allow(`${type}/${verb}`);

  app.get(`/subscriptions/:subscriptionId/providers/Microsoft.ManagedIdentity/userAssignedIdentities`, identityVersion, subscription, action(IDENTITY_TYPE, 'read'), listIdentitiesBySubscription(deps));
  app.get(IDENTITIES, identityVersion, subscription, action(IDENTITY_TYPE, 'read'), listIdentitiesByResourceGroup(deps));
  app.get(IDENTITY, identityVersion, subscription, action(IDENTITY_TYPE, 'read'), getIdentity(deps));
  app.put(IDENTITY, identityVersion, subscription, action(IDENTITY_TYPE, 'write'), putIdentity(deps));
  app.delete(IDENTITY, identityVersion, subscription, action(IDENTITY_TYPE, 'delete'), deleteIdentity(deps));
  app.get(FICS, ficVersion, subscription, action(FIC_TYPE, 'read'), listFics(deps));
  app.get(FIC, ficVersion, subscription, action(FIC_TYPE, 'read'), getFic(deps));
  app.put(FIC, ficVersion, subscription, action(FIC_TYPE, 'write'), putFic(deps));
  app.delete(FIC, ficVersion, subscription, action(FIC_TYPE, 'delete'), deleteFic(deps));
}
