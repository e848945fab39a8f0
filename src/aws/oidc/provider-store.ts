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

/** Providers per account: from the configuration, then created/deleted through IAM (in memory). */
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

export function createOidcProviderStore(config: AwsConfig, now: Date): OidcProviderStore {
  const byAccount = new Map<string, OidcProvider[]>();
  for (const account of config.accounts) {
    byAccount.set(
      account.id,
      account.oidcProviders.map((p) => ({ arn: providerArn('aws', account.id, p.url), url: p.url, clientIds: p.clientIds, thumbprints: p.thumbprints, createdAt: now })),
    );
  }
  const all = () => [...byAccount.values()].flat();
  return {
    list: (accountId) => byAccount.get(accountId) ?? [],
    byArn: (arn) => all().find((p) => p.arn === arn),
    byUrl: (accountId, url) => (byAccount.get(accountId) ?? []).find((p) => providerHost(p.url) === providerHost(url)),
    put(accountId, provider) {
      byAccount.set(accountId, [...(byAccount.get(accountId) ?? []).filter((p) => p.arn !== provider.arn), provider]);
    },
    delete(arn) {
      for (const [id, list] of byAccount) {
        if (list.some((p) => p.arn === arn)) {
          byAccount.set(id, list.filter((p) => p.arn !== arn));
          return true;
        }
      }
      return false;
    },
  };
}
