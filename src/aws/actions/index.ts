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

import { createPolicy } from './iam-policies/create-policy.js';
import { getPolicy } from './iam-policies/get-policy.js';
import { getPolicyVersion } from './iam-policies/get-policy-version.js';
import { listPolicies } from './iam-policies/list-policies.js';
import { listPolicyVersions } from './iam-policies/list-policy-versions.js';
import { createPolicyVersion } from './iam-policies/create-policy-version.js';
import { deletePolicyVersion } from './iam-policies/delete-policy-version.js';
import { setDefaultPolicyVersion } from './iam-policies/set-default-policy-version.js';
import { deletePolicy } from './iam-policies/delete-policy.js';
import { attachRolePolicy } from './iam-policies/attach-role-policy.js';
import { detachRolePolicy } from './iam-policies/detach-role-policy.js';
import { listAttachedRolePolicies } from './iam-policies/list-attached-role-policies.js';
import { attachUserPolicy } from './iam-policies/attach-user-policy.js';
import { detachUserPolicy } from './iam-policies/detach-user-policy.js';
import { listAttachedUserPolicies } from './iam-policies/list-attached-user-policies.js';
import { putRolePolicy } from './iam-policies/put-role-policy.js';
import { getRolePolicy } from './iam-policies/get-role-policy.js';
import { deleteRolePolicy } from './iam-policies/delete-role-policy.js';
import { listRolePolicies } from './iam-policies/list-role-policies.js';
import { putUserPolicy } from './iam-policies/put-user-policy.js';
import { getUserPolicy } from './iam-policies/get-user-policy.js';
import { deleteUserPolicy } from './iam-policies/delete-user-policy.js';
import { listUserPolicies } from './iam-policies/list-user-policies.js';
import { putRolePermissionsBoundary } from './iam-policies/put-role-permissions-boundary.js';
import { deleteRolePermissionsBoundary } from './iam-policies/delete-role-permissions-boundary.js';
import { listEntitiesForPolicy } from './iam-policies/list-entities-for-policy.js';
import { tagPolicy } from './iam-policies/tag-policy.js';
import { untagPolicy } from './iam-policies/untag-policy.js';
import { listPolicyTags } from './iam-policies/list-policy-tags.js';
import { getUser } from './get-user.js';

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
    createPolicy,
    getPolicy,
    getPolicyVersion,
    listPolicies,
    listPolicyVersions,
    createPolicyVersion,
    deletePolicyVersion,
    setDefaultPolicyVersion,
    deletePolicy,
    attachRolePolicy,
    detachRolePolicy,
    listAttachedRolePolicies,
    attachUserPolicy,
    detachUserPolicy,
    listAttachedUserPolicies,
    putRolePolicy,
    getRolePolicy,
    deleteRolePolicy,
    listRolePolicies,
    putUserPolicy,
    getUserPolicy,
    deleteUserPolicy,
    listUserPolicies,
    putRolePermissionsBoundary,
    deleteRolePermissionsBoundary,
    listEntitiesForPolicy,
    tagPolicy,
    untagPolicy,
    listPolicyTags,
    getUser,
  ].map((a) => [a.name, a]),
);
