import type { Attendee } from './attendee.js';

export interface AttendeeHandout {
  id: string;
  aws: { endpoint: string; region: string; accountId: string; issuer?: string; principals: Attendee['principals'] };
  entra?: { authorityHost: string; tenantId: string; clientId: string; graphAdmin?: { clientId: string; clientSecret: string }; managedIdentity?: { name: string; clientId: string; principalId: string } };
  vault?: { url: string; name: string };
  /** The attendee's vault in Azure RBAC mode, when the lab has one. */
  rbacVault?: { url: string; name: string };
  /** `page`: the console opened on this attendee's own checklist; `progress`: the same as JSON. */
  console?: { url: string; page: string; progress: string };
  /** GitHub Actions' issuer and each workflow job's runner variables (the whole room shares the jobs). */
  github?: HandoutGithub;
  ca: string;
}

export interface HandoutGithub {
  issuer: string;
  jobs: Record<string, { ACTIONS_ID_TOKEN_REQUEST_URL: string; ACTIONS_ID_TOKEN_REQUEST_TOKEN: string; repository: string; subject: string }>;
}

export interface HandoutUrls {
  aws: { endpoint: string; issuers: Record<string, string> };
  entra?: { authorityHost: string };
  /** The configuration's own vault (one person's lab). */
  vault?: { url: string };
  vaults?: { name: string; url: string }[];
  console?: { url: string };
  github?: HandoutGithub;
  ca: string;
}

/**
 * What the facilitator hands each attendee: their endpoints and credentials, nobody else's. One
 * person's lab gets the same file with one entry, `default` (what `fedlab lab env` reads).
 */
export function attendeeHandouts(attendees: readonly Attendee[], urls: HandoutUrls): AttendeeHandout[] {
  return attendees.map((a) => {
    const vault = urls.vaults?.find((v) => v.name === a.vaultName) ?? (a.vaultName && urls.vault ? { name: a.vaultName, url: urls.vault.url } : undefined);
    const rbacVault = a.rbacVaultName === a.vaultName ? vault : urls.vaults?.find((v) => v.name === a.rbacVaultName);
    return {
      id: a.id,
      aws: { endpoint: urls.aws.endpoint, region: a.region, accountId: a.accountId, issuer: urls.aws.issuers[a.accountId], principals: a.principals },
      ...(urls.entra ? { entra: { authorityHost: urls.entra.authorityHost, tenantId: a.tenantId, clientId: a.clientId, ...(a.admin ? { graphAdmin: a.admin } : {}), ...(a.managedIdentity ? { managedIdentity: a.managedIdentity } : {}) } } : {}),
      ...(vault ? { vault: { url: vault.url, name: vault.name } } : {}),
      ...(rbacVault ? { rbacVault: { url: rbacVault.url, name: rbacVault.name } } : {}),
      ...(urls.github ? { github: { issuer: urls.github.issuer, jobs: urls.github.jobs } } : {}),
      ...(urls.console ? { console: { url: urls.console.url, page: `${urls.console.url}/?attendee=${a.id}`, progress: `${urls.console.url}/api/labs/status?attendee=${a.id}` } } : {}),
      ca: urls.ca,
    };
  });
}
