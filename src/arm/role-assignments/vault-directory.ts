import { createPartyClient } from '../../client/party-client.js';
import { scopeCovers, type RoleAssignment } from '../../core/rbac/authorize.js';
import { ArmError } from '../errors.js';

/** A Key Vault ARM knows of: its resource id and its listener (whose `/_fedlab/role-assignments` takes the vault's assignments). */
export interface KnownVault {
  id: string;
  url: string;
}

/** Key Vault decides by the assignments at the vault, its parents or inside it: those reach it over HTTPS. */
export interface VaultAssignments {
  added(assignment: RoleAssignment): Promise<void>;
  removed(assignment: RoleAssignment): Promise<void>;
  close(): Promise<void>;
}

export function createVaultAssignments(vaults: readonly KnownVault[], caPem: string, adminToken?: string): VaultAssignments {
  const client = createPartyClient(caPem, {
    headers: { ...(adminToken ? { authorization: `Bearer ${adminToken}` } : {}), 'content-type': 'application/json' },
    unreachable: (message) => new ArmError(500, 'InternalServerError', `A Key Vault could not be reached: ${message}`),
  });
  const concerned = (scope: string) => vaults.filter((v) => scopeCovers(scope, v.id) || scopeCovers(v.id, scope));
  const base = (v: KnownVault) => `${v.url.replace(/\/+$/, '')}/_fedlab/role-assignments`;
  return {
    async added(assignment) {
      for (const vault of concerned(assignment.scope)) {
        const response = await client.request(base(vault), { method: 'POST', body: JSON.stringify(assignment) });
        if (response.status !== 201 && response.status !== 409) throw new ArmError(500, 'InternalServerError', `The role assignment did not reach vault ${vault.id}: ${response.status} ${response.text.slice(0, 200)}`);
      }
    },
    async removed(assignment) {
      for (const vault of concerned(assignment.scope)) {
        const query = new URLSearchParams({ principalId: assignment.principalId, role: assignment.role, scope: assignment.scope });
        const response = await client.request(`${base(vault)}?${query}`, { method: 'DELETE' });
        if (response.status !== 204 && response.status !== 404) throw new ArmError(500, 'InternalServerError', `The role assignment's removal did not reach vault ${vault.id}: ${response.status} ${response.text.slice(0, 200)}`);
      }
    },
    close: () => client.close(),
  };
}
