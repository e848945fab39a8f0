import { KEY_VAULT_RESOURCE } from './key-vault-resource.js';

/**
 * The WWW-Authenticate challenge of every 401. The SDK takes the tenant from the path of
 * `authorization` and asks its credential for `<resource>/.default`.
 */
export function bearerChallenge(authorityHost: string, tenant: string): string {
  return `Bearer authorization="${authorityHost.replace(/\/+$/, '')}/${tenant}", resource="${KEY_VAULT_RESOURCE}"`;
}
