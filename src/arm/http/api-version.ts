import type { RequestHandler } from 'express';
import { ArmError } from '../errors.js';
import type { Reject } from './rejection.js';

/**
 * The Microsoft.ManagedIdentity api-versions fedlab serves: 2024-11-30 is what @azure/arm-msi 2.2.0
 * sends (ManagedServiceIdentityClient's default apiVersion), 2023-01-31 the earlier GA version with the
 * same userAssignedIdentities and federatedIdentityCredentials shapes.
 */
export const MANAGED_IDENTITY_API_VERSIONS: readonly string[] = ['2023-01-31', '2024-11-30'];

/**
 * ARM's answers: no api-version → 400 MissingApiVersionParameter; one the resource type does not
 * have → 400 NoRegisteredProviderFound with the supported list (as e.g. Azure/azure-cli#28496 shows it).
 */
export function requireApiVersion(resourceType: string, location: string, reject: Reject, versions: readonly string[] = MANAGED_IDENTITY_API_VERSIONS): RequestHandler {
  return (req, res, next) => {
    const version = req.query['api-version'];
    if (version === undefined || version === '') {
      return reject(req, res, new ArmError(400, 'MissingApiVersionParameter', 'The api-version query parameter (?api-version=) is required for all requests.'), 'api-version');
    }
    if (typeof version !== 'string' || !versions.includes(version)) {
      const shown = Array.isArray(version) ? version.join(',') : String(version);
      return reject(
        req,
        res,
        new ArmError(400, 'NoRegisteredProviderFound', `No registered resource provider found for location '${location}' and API version '${shown}' for type '${resourceType}'. The supported api-versions are '${versions.join(', ')}'. The supported locations are '${location}'.`),
        'api-version',
        { apiVersion: shown },
      );
    }
    next();
  };
}
