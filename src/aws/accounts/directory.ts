import { evictionNotice } from '../../core/bounds/eviction-notice.js';
import { ConfigError } from '../../core/config/config-error.js';
import { realIssuerUrl } from '../../core/real-hosts.js';
import type { PartyContext } from '../../core/party-context.js';
import type { AwsConfig, PrincipalConfig } from '../config.js';
import { createSessionStore, type RoleSession, type SessionStore } from '../sessions/session-store.js';
import { shareSessions } from '../sessions/share-sessions.js';
import { accountStateName, openAccount, type Account } from './account.js';

export interface KnownPrincipal {
  account: Account;
  principal: PrincipalConfig;
  /** Set when the caller signs with AssumeRole session credentials. */
  session?: RoleSession;
}

/** Every configured account, found by id, issuer id, or a principal's access key. */
export interface AccountDirectory {
  readonly accounts: readonly Account[];
  byId(accountId: string): Account | undefined;
  byIssuerId(issuerId: string): Account | undefined;
  /** Configured principals first, then live AssumeRole sessions. */
  byAccessKey(accessKeyId: string): KnownPrincipal | undefined;
  /** A session another replica has just opened, once it arrives (undefined: none within a second, or no replicas). */
  arrivingSession(accessKeyId: string): Promise<KnownPrincipal | undefined>;
  readonly sessions: SessionStore;
  /** Rebuild the access-key index after an account's principals changed at runtime. */
  reindex(): void;
  /** Called once the listener knows its URL; `realIssuers`: `https://<issuer id>.tokens.sts.global.api.aws` (served through the proxy). */
  setEndpoint(endpoint: string, realIssuers?: boolean): void;
}

export async function openAccountDirectory(config: AwsConfig, ctx: PartyContext): Promise<AccountDirectory> {
  const accounts: Account[] = [];
  for (const accountConfig of config.accounts) accounts.push(await openAccount(accountConfig, ctx));
  accounts.forEach((account, i) => {
    const first = accounts.findIndex((other) => other.issuerId === account.issuerId);
    if (first !== i) throw new ConfigError(undefined, [`aws.accounts[${i}].issuerId: issuer id ${account.issuerId} is already used by account ${accounts[first]!.id}`]);
  });
  let principals = new Map<string, KnownPrincipal>();
  const reindex = () => {
    principals = new Map(accounts.flatMap((account) => account.principals.map((principal) => [principal.accessKeyId, { account, principal }] as const)));
  };
  reindex();
  // A replica's principal changes reach this one as account documents (the account reloads first).
  for (const account of accounts) ctx.store.watch?.(accountStateName(account.id), reindex);
  const local = createSessionStore(config.maxSessionsPerAccount, () => ctx.clock.now(), evictionNotice(ctx.logger, 'the STS session store', `maxSessionsPerAccount = ${config.maxSessionsPerAccount}`));
  const sessions = await shareSessions(local, ctx, (id) => accounts.find((a) => a.id === id));
  return {
    accounts,
    byId: (id) => accounts.find((a) => a.id === id),
    byIssuerId: (issuerId) => accounts.find((a) => a.issuerId === issuerId),
    byAccessKey(accessKeyId) {
      const known = principals.get(accessKeyId);
      if (known) return known;
      const session = sessions.byAccessKey(accessKeyId);
      return session ? { account: session.account, principal: session.principal, session } : undefined;
    },
    async arrivingSession(accessKeyId) {
      const session = await sessions.arriving(accessKeyId);
      return session ? { account: session.account, principal: session.principal, session } : undefined;
    },
    sessions,
    reindex,
    setEndpoint(endpoint, realIssuers = false) {
      for (const account of accounts) account.issuerUrl = realIssuers ? realIssuerUrl(account.issuerId) : `${endpoint}/${account.issuerId}`;
    },
  };
}
