import { randomBytes } from 'node:crypto';
import type { EvictionNotice } from '../../core/bounds/eviction-notice.js';
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
 * Sessions in memory, per account at most `maxPerAccount` (the oldest live one is dropped first, logged). They
 * do not survive a restart (docs/deviations-aws.md); replicas send each other theirs (share-sessions.ts).
 */
export interface SessionStore {
  put(session: RoleSession): void;
  byAccessKey(accessKeyId: string): RoleSession | undefined;
  count(accountId: string): number;
}

export function createSessionStore(maxPerAccount: number, now: () => Date, onEvict?: EvictionNotice): SessionStore {
  const byKey = new Map<string, RoleSession>();
  /** Each account's access keys, oldest first (a Map keeps insertion order). */
  const perAccount = new Map<string, Set<string>>();
  const expired = (s: RoleSession, nowMs: number) => Date.parse(s.principal.sessionExpiresAt!) <= nowMs;
  const lastSweep = new Map<string, number>();
  return {
    put(session) {
      let keys = perAccount.get(session.account.id);
      if (!keys) perAccount.set(session.account.id, (keys = new Set()));
      // Expired sessions are swept when the account is full, at most once a second: a put stays O(1) under a flood.
      const nowMs = now().getTime();
      if (keys.size >= maxPerAccount && !(nowMs - (lastSweep.get(session.account.id) ?? -Infinity) < 1000)) {
        lastSweep.set(session.account.id, nowMs);
        for (const k of keys) {
          const kept = byKey.get(k);
          if (kept && !expired(kept, nowMs)) continue;
          byKey.delete(k);
          keys.delete(k);
        }
      }
      let evicted = 0;
      for (const k of keys) {
        if (keys.size < maxPerAccount) break;
        byKey.delete(k);
        keys.delete(k);
        evicted++;
      }
      if (evicted > 0) onEvict?.(evicted);
      keys.add(session.principal.accessKeyId);
      byKey.set(session.principal.accessKeyId, session);
    },
    byAccessKey: (accessKeyId) => byKey.get(accessKeyId),
    count: (accountId) => perAccount.get(accountId)?.size ?? 0,
  };
}
