import type { AnyQueryAction } from '../awsquery/action.js';
import { assumeRole } from './assume-role.js';
import { assumeRoleWithWebIdentity } from './assume-role-with-web-identity.js';
import { createOpenIdConnectProvider } from './create-open-id-connect-provider.js';
import { deleteOpenIdConnectProvider } from './delete-open-id-connect-provider.js';
import { getOpenIdConnectProvider } from './get-open-id-connect-provider.js';
import { listOpenIdConnectProviders } from './list-open-id-connect-providers.js';
import { disableOutboundWebIdentityFederation } from './disable-outbound-web-identity-federation.js';
import { enableOutboundWebIdentityFederation } from './enable-outbound-web-identity-federation.js';
import { getCallerIdentity } from './get-caller-identity.js';
import { getOutboundWebIdentityFederationInfo } from './get-outbound-web-identity-federation-info.js';
import { getWebIdentityToken } from './get-web-identity-token.js';
import { createRole } from './create-role.js';
import { deleteRole } from './delete-role.js';
import { getRole } from './get-role.js';
import { listRoleTags } from './list-role-tags.js';
import { listRoles } from './list-roles.js';
import { tagRole } from './tag-role.js';
import { untagRole } from './untag-role.js';
import { updateAssumeRolePolicy } from './update-assume-role-policy.js';
import { updateRole } from './update-role.js';
import { updateRoleDescription } from './update-role-description.js';

/** Action name → module: everything fedlab's awsQuery endpoint answers. */
export const ACTIONS: ReadonlyMap<string, AnyQueryAction> = new Map(
  [
    getWebIdentityToken,
    getCallerIdentity,
    assumeRole,
    assumeRoleWithWebIdentity,
    enableOutboundWebIdentityFederation,
    disableOutboundWebIdentityFederation,
    getOutboundWebIdentityFederationInfo,
    createOpenIdConnectProvider,
    getOpenIdConnectProvider,
    listOpenIdConnectProviders,
    deleteOpenIdConnectProvider,
    createRole,
    getRole,
    listRoles,
    updateAssumeRolePolicy,
    updateRole,
    updateRoleDescription,
    deleteRole,
    tagRole,
    untagRole,
    listRoleTags,
  ].map((a) => [a.name, a]),
);
