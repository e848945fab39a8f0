import { randomBytes } from 'node:crypto';
import type { Account } from '../accounts/account.js';
import type { PrincipalConfig } from '../config.js';
import type { NamedPolicy } from '../iam/policy/index.js';

/** One AssumeRole session: its credentials (as a principal the SigV4 verifier knows) and what it carries on. */
export interface RoleSession {
  readonly account: Account;
  /** arn = the role ARN, with the session's keys, token, expiry, tags, source identity and name. */
  readonly principal: PrincipalConfig;
  /** Keys of session tags passed on to sessions this one assumes (role chaining). */
  readonly transitiveTagKeys: readonly string[];
  /** Session policies (`Policy` / `PolicyArns`) that cap what the session may do. */
  readonly sessionPolicies: readonly NamedPolicy[];
  /** When the session was opened (CloudTrail's sessionContext.attributes.creationDate). */
  readonly createdAt?: string;
  /** The IAM OIDC provider's ARN of an AssumeRoleWithWebIdentity session (sessionContext.webIdFederationData). */
  readonly webIdentityProvider?: string;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const randomBase32 = (n: number) => [...randomBytes(n)].map((b) => BASE32[b % 32]).join('');

/** Fresh temporary credentials shaped like AWS's: `ASIA` + 16, a 40-character secret, a long opaque token. */
export function newSessionCredentials(): { accessKeyId: string; secretAccessKey: string; sessionToken: string } {
  return {
    accessKeyId: `ASIA${randomBase32(16)}`,
    secretAccessKey: randomBytes(30).toString('base64'),
    sessionToken: `IQoJb3JpZ2luX2Vj${randomBytes(192).toString('base64')}`,
  };
}

/**
 * Sessions in memory, per account at most `maxPerAccount` (the oldest is dropped first). They
 * are not shared between workers and do not survive a restart (docs/deviations-aws.md).
 */
export interface SessionStore {
  put(session: RoleSession): void;
  byAccessKey(accessKeyId: string): RoleSession | undefined;
  count(accountId: string): number;
}

export function createSessionStore(maxPerAccount: number, now: () => Date): SessionStore {
  const byKey = new Map<string, RoleSession>();
  const perAccount = new Map<string, string[]>();
  const expired = (s: RoleSession) => Date.parse(s.principal.sessionExpiresAt!) <= now().getTime();
  return {
    put(session) {
      const keys = (perAccount.get(session.account.id) ?? []).filter((k) => {
        const kept = byKey.get(k);
        if (kept && !expired(kept)) return true;
        byKey.delete(k);
        return false;
      });
      while (keys.length >= maxPerAccount) byKey.delete(keys.shift()!);
      keys.push(session.principal.accessKeyId);
      perAccount.set(session.account.id, keys);
      byKey.set(session.principal.accessKeyId, session);
    },
    byAccessKey: (accessKeyId) => byKey.get(accessKeyId),
    count: (accountId) => perAccount.get(accountId)?.length ?? 0,
  };
}
