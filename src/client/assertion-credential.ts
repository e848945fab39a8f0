import { ClientAssertionCredential } from '@azure/identity';
import { azureTlsOptions } from './trust.js';

export interface AssertionCredentialOptions {
  authorityHost: string;
  tenantId: string;
  clientId: string;
  /** fedlab's CA (PEM), trusted in-process. */
  ca: string;
  /** Where the federated assertion comes from, e.g. fedlab's STS. */
  getAssertion: () => Promise<string>;
}

/** @azure/identity's ClientAssertionCredential configured as a fake-Entra client must be. */
export function createAssertionCredential(options: AssertionCredentialOptions): ClientAssertionCredential {
  return new ClientAssertionCredential(options.tenantId, options.clientId, options.getAssertion, {
    authorityHost: options.authorityHost,
    disableInstanceDiscovery: true,
    ...azureTlsOptions(options.ca),
  });
}
