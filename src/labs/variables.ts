import { calculateJwkThumbprint, type JWK } from 'jose';
import type { PartyClient } from '../client/party-client.js';
import type { Attendee } from './attendee.js';
import type { TemplateValues } from './template.js';

export interface AttendeeUrls {
  issuer?: string;
  vaultUrl?: string;
}

/** Thumbprints of the keys the attendee's issuer publishes, fetched over HTTPS (a few seconds' cache). */
export function createThumbprintSource(upstream: PartyClient, maxAgeMs = 5_000) {
  const cache = new Map<string, { at: number; value: Promise<string[]> }>();
  const fetchThumbprints = async (issuer: string): Promise<string[]> => {
    try {
      const response = await upstream.request(`${issuer.replace(/\/$/, '')}/.well-known/jwks.json`);
      const keys = (response.json as { keys?: JWK[] } | undefined)?.keys;
      if (response.status !== 200 || !Array.isArray(keys)) return [];
      return await Promise.all(keys.map((key) => calculateJwkThumbprint(key, 'sha256')));
    } catch {
      return [];
    }
  };
  return (issuer: string): Promise<string[]> => {
    const held = cache.get(issuer);
    if (held && Date.now() - held.at < maxAgeMs) return held.value;
    const value = fetchThumbprints(issuer);
    cache.set(issuer, { at: Date.now(), value });
    return value;
  };
}

export function variablesOf(attendee: Attendee, urls: AttendeeUrls, thumbprints: string[]): TemplateValues {
  return {
    attendee: attendee.id,
    account: attendee.accountId,
    region: attendee.region,
    ...(attendee.principals[0] ? { principal: attendee.principals[0].arn } : {}),
    ...(urls.issuer ? { issuer: urls.issuer } : {}),
    tenant: attendee.tenantId,
    clientId: attendee.clientId,
    servicePrincipalId: attendee.servicePrincipalId,
    ...(urls.vaultUrl ? { vaultUrl: urls.vaultUrl } : {}),
    ...(attendee.managedIdentity ? { managedIdentityClientId: attendee.managedIdentity.clientId, managedIdentityPrincipalId: attendee.managedIdentity.principalId } : {}),
    ...(attendee.rbacVaultName ? { rbacVault: attendee.rbacVaultName } : {}),
    issuerKeyThumbprints: thumbprints,
  };
}
