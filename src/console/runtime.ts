import type { Clock } from '../core/clock.js';
import type { EventBus } from '../core/events.js';
import type { Logger } from '../core/logger.js';
import { ConsoleError } from './http/console-error.js';
import type { ConsoleAccount, ConsolePrincipal, ConsoleSources, ConsoleTenant, ConsoleUrls } from './sources.js';
import type { AdminTokens } from './upstream/admin-token.js';
import type { PartyClient } from '../client/party-client.js';

/** Everything the console's API handlers share. */
export interface ConsoleRuntime {
  sources: ConsoleSources;
  urls: ConsoleUrls;
  client: PartyClient;
  adminTokens: AdminTokens;
  events: EventBus;
  clock: Clock;
  logger: Logger;
  /** `Authorization: Bearer` for parties' /_fedlab/* when they are bound beyond loopback. */
  adminToken?: string;
}

/** Headers for a party's /_fedlab/* routes. */
export function controlHeaders(runtime: ConsoleRuntime): Record<string, string> {
  return runtime.adminToken ? { authorization: `Bearer ${runtime.adminToken}` } : {};
}

export type PartyName = 'aws' | 'entra' | 'vault';
export const PARTIES: readonly PartyName[] = ['aws', 'entra', 'vault'];

/** The base URL of a party's listener (where its /_fedlab/* runtime control lives). */
export function partyBaseUrl(runtime: ConsoleRuntime, party: PartyName): string | undefined {
  if (party === 'aws') return runtime.urls.aws.endpoint;
  if (party === 'entra') return runtime.urls.entra?.authorityHost;
  return runtime.urls.vault?.url;
}

export function requireParty(runtime: ConsoleRuntime, party: string): string {
  const url = PARTIES.includes(party as PartyName) ? partyBaseUrl(runtime, party as PartyName) : undefined;
  if (!url) throw new ConsoleError(404, 'unknown_party', `no running party '${party}' (expected one of ${PARTIES.join(', ')})`);
  return url.replace(/\/$/, '');
}

export function findAccount(runtime: ConsoleRuntime, accountId: string): ConsoleAccount {
  const account = runtime.sources.aws.accounts.find((a) => a.id === accountId);
  if (!account) throw new ConsoleError(404, 'unknown_account', `no AWS account ${accountId} in fedlab's configuration`);
  return account;
}

export function findPrincipal(runtime: ConsoleRuntime, arn: string): { account: ConsoleAccount; principal: ConsolePrincipal } {
  for (const account of runtime.sources.aws.accounts) {
    const principal = account.principals.find((p) => p.arn === arn);
    if (principal) return { account, principal };
  }
  throw new ConsoleError(404, 'unknown_principal', `no principal ${arn} in fedlab's configuration`);
}

/** IAM calls need some caller of the account: its first principal will do (fedlab grants IAM to all). */
export function accountCaller(account: ConsoleAccount): ConsolePrincipal {
  const principal = account.principals[0];
  if (!principal) throw new ConsoleError(409, 'no_principal', `account ${account.id} has no principal to sign IAM calls with`);
  return principal;
}

export function findTenant(runtime: ConsoleRuntime, tenantId: string): ConsoleTenant {
  const tenant = runtime.sources.entra?.tenants.find((t) => t.id.toLowerCase() === tenantId.toLowerCase());
  if (!tenant) throw new ConsoleError(404, 'unknown_tenant', `no Entra tenant ${tenantId} in fedlab's configuration`);
  return tenant;
}

export function authorityHost(runtime: ConsoleRuntime): string {
  const host = runtime.urls.entra?.authorityHost;
  if (!host) throw new ConsoleError(409, 'no_entra', 'this fedlab runs without the fake Entra ID');
  return host.replace(/\/$/, '');
}
