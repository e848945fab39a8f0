import { createPartyClient, type PartyResponse } from '../../client/party-client.js';
import { userAssignedIdentityId } from '../../core/arm-resource-names.js';
import { ArmError } from '../errors.js';

/** A user-assigned identity as Entra's directory holds it (`/_fedlab/managed-identities` on the Entra listener). */
export interface IdentityRecord {
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  clientId: string;
  principalId: string;
  resourceId: string;
  tags: Record<string, string>;
  federatedIdentityCredentials: FicRecord[];
}

export interface FicRecord {
  name: string;
  issuer: string;
  subject: string;
  audiences: string[];
}

export interface IdentityKey {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
}

/** The identity's resource id (what the write lock and the 409 message name). */
export const idOf = (key: IdentityKey) => userAssignedIdentityId(key.subscriptionId, key.resourceGroup, key.name);

export type IdentityWrite = Pick<IdentityRecord, 'location' | 'tags' | 'clientId' | 'principalId' | 'federatedIdentityCredentials'>;

/** ARM's side of the directory: Microsoft.ManagedIdentity keeps its identities in Entra, reached over HTTPS. */
export interface EntraDirectory {
  list(): Promise<IdentityRecord[]>;
  get(key: IdentityKey): Promise<IdentityRecord | undefined>;
  put(key: IdentityKey, identity: IdentityWrite): Promise<IdentityRecord>;
  remove(key: IdentityKey): Promise<boolean>;
  close(): Promise<void>;
}

export interface EntraDirectoryOptions {
  /** The Entra listener's own URL (its `/_fedlab` routes). */
  entraUrl: string;
  tenant: string;
  caPem: string;
  /** Sent as the bearer token: `/_fedlab` wants it on a non-loopback listener. */
  adminToken?: string;
}

/** Entra did not do what ARM asked: not the caller's fault, so a 5xx in ARM's envelope. */
function failed(what: string, response: PartyResponse): ArmError {
  const error = (response.json as { error?: { code?: string; message?: string } } | undefined)?.error;
  return new ArmError(500, 'InternalServerError', `The managed identity could not be ${what} in the directory: ${error?.code ?? response.status} ${error?.message ?? response.text.slice(0, 200)}`);
}

export function createEntraDirectory(options: EntraDirectoryOptions): EntraDirectory {
  const client = createPartyClient(options.caPem, {
    headers: { ...(options.adminToken ? { authorization: `Bearer ${options.adminToken}` } : {}), 'content-type': 'application/json' },
    unreachable: (message) => new ArmError(500, 'InternalServerError', `The directory (Entra) could not be reached: ${message}`),
  });
  const base = `${options.entraUrl.replace(/\/+$/, '')}/_fedlab/managed-identities/${options.tenant}`;
  const urlOf = (key: IdentityKey) => `${base}/${[key.subscriptionId, key.resourceGroup, key.name].map(encodeURIComponent).join('/')}`;
  return {
    async list() {
      const response = await client.request(base);
      if (response.status !== 200) throw failed('listed', response);
      return (response.json as { value: IdentityRecord[] }).value;
    },
    async get(key) {
      const response = await client.request(urlOf(key));
      if (response.status === 404) return undefined;
      if (response.status !== 200) throw failed('read', response);
      return response.json as IdentityRecord;
    },
    async put(key, { location, tags, clientId, principalId, federatedIdentityCredentials }) {
      const body = { location, tags, clientId, principalId, federatedIdentityCredentials: federatedIdentityCredentials.map(({ name, issuer, subject, audiences }) => ({ name, issuer, subject, audiences })) };
      const response = await client.request(urlOf(key), { method: 'PUT', body: JSON.stringify(body) });
      if (response.status !== 200 && response.status !== 201) throw failed('written', response);
      return response.json as IdentityRecord;
    },
    async remove(key) {
      const response = await client.request(urlOf(key), { method: 'DELETE' });
      if (response.status === 404) return false;
      if (response.status !== 204) throw failed('deleted', response);
      return true;
    },
    close: () => client.close(),
  };
}
