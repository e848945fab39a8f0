import { ConfigError } from '../../core/config/config-error.js';
import { realIssuerUrl } from '../../core/real-hosts.js';
import type { PartyContext } from '../../core/party-context.js';
import type { AwsConfig, PrincipalConfig } from '../config.js';
import { openAccount, type Account } from './account.js';

export interface KnownPrincipal {
  account: Account;
  principal: PrincipalConfig;
}

/** Every configured account, found by id, issuer id, or a principal's access key. */
export interface AccountDirectory {
  readonly accounts: readonly Account[];
  byId(accountId: string): Account | undefined;
  byIssuerId(issuerId: string): Account | undefined;
  byAccessKey(accessKeyId: string): KnownPrincipal | undefined;
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
  return {
    accounts,
    byId: (id) => accounts.find((a) => a.id === id),
    byIssuerId: (issuerId) => accounts.find((a) => a.issuerId === issuerId),
    byAccessKey: (accessKeyId) => principals.get(accessKeyId),
    reindex,
    setEndpoint(endpoint, realIssuers = false) {
      for (const account of accounts) account.issuerUrl = realIssuers ? realIssuerUrl(account.issuerId) : `${endpoint}/${account.issuerId}`;
    },
  };
}
