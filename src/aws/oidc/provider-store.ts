import type { StateStore } from '../../core/state-dir.js';
import type { AwsConfig } from '../config.js';

/** An IAM OIDC identity provider: whose tokens AssumeRoleWithWebIdentity accepts, for which client ids. */
export interface OidcProvider {
  readonly arn: string;
  /** The issuer URL as the token's `iss` names it. */
  readonly url: string;
  readonly clientIds: readonly string[];
  readonly thumbprints: readonly string[];
  readonly createdAt: Date;
}

/** The provider URL without its scheme: the ARN's resource part and the condition-key prefix. */
export const providerHost = (url: string) => url.replace(/^https?:\/\//, '').replace(/\/$/, '');

/** Providers per account: from the configuration, then created/deleted through IAM. */
export interface OidcProviderStore {
  list(accountId: string): readonly OidcProvider[];
  byArn(arn: string): OidcProvider | undefined;
  byUrl(accountId: string, url: string): OidcProvider | undefined;
  put(accountId: string, provider: OidcProvider): void;
  delete(arn: string): boolean;
}

export function providerArn(partition: string, accountId: string, url: string): string {
  return `arn:${partition}:iam::${accountId}:oidc-provider/${providerHost(url)}`;
}

const STATE_FILE = 'aws/oidc-providers.json';

/** What the state dir (or the replicas' store) keeps: every account's providers, dates as ISO strings. */
type SavedProviders = Record<string, (Omit<OidcProvider, 'createdAt'> & { createdAt: string })[]>;

/**
 * Providers from the configuration, then as IAM left them (state dir or the replicas' store, as IAM
 * keeps them across restarts): another replica's create or delete is in force here at once.
 */
export function createOidcProviderStore(config: AwsConfig, now: Date, store: StateStore): OidcProviderStore {
  const configured = (): Map<string, OidcProvider[]> =>
    new Map(config.accounts.map((account) => [account.id, account.oidcProviders.map((p) => ({ arn: providerArn('aws', account.id, p.url), url: p.url, clientIds: p.clientIds, thumbprints: p.thumbprints, createdAt: now }))]));
  const load = (): Map<string, OidcProvider[]> => {
    const saved = store.read<SavedProviders>(STATE_FILE);
    if (!saved) return configured();
    return new Map(Object.entries(saved).map(([id, list]) => [id, list.map((p) => ({ ...p, createdAt: new Date(p.createdAt) }))]));
  };
  let byAccount = load();
  store.watch?.(STATE_FILE, () => {
    byAccount = load();
  });
  const save = () => store.write(STATE_FILE, Object.fromEntries([...byAccount].map(([id, list]) => [id, list.map((p) => ({ ...p, createdAt: p.createdAt.toISOString() }))])) satisfies SavedProviders);
  const all = () => [...byAccount.values()].flat();
  return {
    list: (accountId) => byAccount.get(accountId) ?? [],
    byArn: (arn) => all().find((p) => p.arn === arn),
    byUrl: (accountId, url) => (byAccount.get(accountId) ?? []).find((p) => providerHost(p.url) === providerHost(url)),
    put(accountId, provider) {
      byAccount.set(accountId, [...(byAccount.get(accountId) ?? []).filter((p) => p.arn !== provider.arn), provider]);
      save();
    },
    delete(arn) {
      for (const [id, list] of byAccount) {
        if (list.some((p) => p.arn === arn)) {
          byAccount.set(id, list.filter((p) => p.arn !== arn));
          save();
          return true;
        }
      }
      return false;
    },
  };
}
