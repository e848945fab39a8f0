import { ClientAssertionCredential } from '@azure/identity';
import { SecretClient } from '@azure/keyvault-secrets';
import { azureTlsOptions, createTrustingFetch } from '../../../src/client/trust.js';
import type { AttendeeHandout } from '../../../src/labs/attendees-file.js';

/**
 * Exercise 11 as an attendee works it from their handout: the managed identity's credential
 * (ClientAssertionCredential with the identity's client id), SecretClient on the RBAC vault, and the
 * vault's `/_fedlab/role-assignments` (fedlab's stand-in for `az role assignment create`).
 */
export function managedIdentityClient(handout: AttendeeHandout, ca: string, mint: () => Promise<string>) {
  const { entra, rbacVault, vault } = handout;
  const identity = entra?.managedIdentity;
  if (!entra || !identity || !rbacVault || !vault) throw new Error(`handout ${handout.id} has no managed identity or RBAC vault`);
  const fetch = createTrustingFetch(ca);
  const credential = (clientId = identity.clientId) => new ClientAssertionCredential(entra.tenantId, clientId, mint, { authorityHost: entra.authorityHost, disableInstanceDiscovery: true, ...azureTlsOptions(ca) });
  const secrets = (vaultUrl = rbacVault.url, clientId?: string) => new SecretClient(vaultUrl, credential(clientId), { ...azureTlsOptions(ca), disableChallengeResourceVerification: true, retryOptions: { maxRetries: 0 } });
  const assignments = `${rbacVault.url}/_fedlab/role-assignments`;
  return {
    identity,
    rbacVault,
    vault,
    credential,
    /**
     * Reads a secret; resolves to its value, or to which 403 it met: `ForbiddenByRbac` (the RBAC
     * refusal's lines) or `AccessDenied` (the access-policy one). SecretClient keeps the message, not the inner error.
     */
    async read(name = 'payments-db-password', options: { vaultUrl?: string; clientId?: string } = {}): Promise<string> {
      try {
        return (await secrets(options.vaultUrl, options.clientId).getSecret(name)).value!;
      } catch (error) {
        const message = (error as Error).message;
        if (message.includes("DecisionReason: 'DeniedWithNoValidRBAC'")) return 'ForbiddenByRbac';
        if (message.includes('does not have secrets get permission')) return 'AccessDenied';
        return message;
      }
    },
    async vaultId(vaultUrl = rbacVault.url): Promise<string> {
      const response = await fetch(`${vaultUrl}/_fedlab/role-assignments`);
      return ((await response.json()) as { vault: { id: string } }).vault.id;
    },
    async assign(body: { principalId?: string; role?: string; scope?: string }, vaultUrl = rbacVault.url): Promise<{ status: number; json: Record<string, unknown> }> {
      const url = vaultUrl === rbacVault.url ? assignments : `${vaultUrl}/_fedlab/role-assignments`;
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ principalId: identity.principalId, role: 'Key Vault Secrets User', ...body }) });
      return { status: response.status, json: (await response.json()) as Record<string, unknown> };
    },
  };
}

export type ManagedIdentityClient = ReturnType<typeof managedIdentityClient>;
