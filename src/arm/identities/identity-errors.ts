import { ArmError } from '../errors.js';
import type { IdentityKey } from './entra-directory.js';

/**
 * ARM's and Microsoft.ManagedIdentity's refusals. Codes and wording as real responses show them:
 * ResourceNotFound with the aka.ms/ARMResourceNotFoundFix pointer, ParentResourceNotFound and
 * InvalidSubscriptionId (ARM's "Resolve resource not found errors" and common errors pages),
 * BadRequest "The request format was unexpected. Federated Identity Credential must specify 'issuer',
 * 'subject' and 'audience'." (zioproto/istio-aks-example#6), the one-audience, duplicate and name
 * messages of Microsoft's considerations page, and
 * ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity (pulumi/pulumi-azure-native#4343,
 * Azure/bicep-registry-modules#1447). Where no real wording is known the message is fedlab's
 * (docs/deviations-arm.md).
 */
export const identityNotFound = (key: IdentityKey) =>
  new ArmError(404, 'ResourceNotFound', `The Resource 'Microsoft.ManagedIdentity/userAssignedIdentities/${key.name}' under resource group '${key.resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`, 'resource-exists');

export const ficNotFound = (key: IdentityKey, fic: string) =>
  new ArmError(404, 'ResourceNotFound', `The Resource 'Microsoft.ManagedIdentity/userAssignedIdentities/${key.name}/federatedIdentityCredentials/${fic}' under resource group '${key.resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`, 'resource-exists');

export const parentNotFound = (key: IdentityKey) =>
  new ArmError(404, 'ParentResourceNotFound', `Can not perform requested operation on nested resource. Parent resource '${key.name}' not found.`, 'parent-exists');

export const invalidSubscriptionId = (id: string) => new ArmError(400, 'InvalidSubscriptionId', `The provided subscription identifier '${id}' is malformed or invalid.`, 'subscription-id');

export const resourceGroupNotFound = (name: string) => new ArmError(404, 'ResourceGroupNotFound', `Resource group '${name}' could not be found.`, 'resource-group-name');

export const invalidIdentityName = (name: string) =>
  new ArmError(400, 'InvalidResourceName', `Resource name '${name}' is invalid. The name can be 3-128 characters long; it must begin with a letter or number and contain only letters, numbers, hyphens and underscores.`, 'resource-name');

export const invalidFicName = (name: string) => new ArmError(400, 'BadRequest', `Federated Identity Credential name '${name}' is invalid.`, 'resource-name');

export const invalidContent = (problem: string, check: string) => new ArmError(400, 'InvalidRequestContent', `The request content was invalid and could not be deserialized: '${problem}'.`, check);

export const badRequest = (message: string, check: string) => new ArmError(400, 'BadRequest', message, check);

export const concurrentFicWrites = (resourceId: string) =>
  new ArmError(
    409,
    'ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity',
    `Too many Federated Identity Credentials are written concurrently for the managed identity '${resourceId.toLowerCase()}'. Concurrent Federated Identity Credentials writes under the same managed identity are not supported.`,
    'concurrent-writes',
  );
