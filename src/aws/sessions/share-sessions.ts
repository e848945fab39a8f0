import type { PartyContext } from '../../core/party-context.js';
import type { Account } from '../accounts/account.js';
import type { RoleSession, SessionStore } from './session-store.js';

/** How long a replica waits for a session another replica opened, before it calls the key unknown. */
const ARRIVAL_WAIT_MS = 1_000;
const KIND = 'aws-session';

type SessionMessage = { kind: typeof KIND; session: Omit<RoleSession, 'account'> & { accountId: string } };

export interface SharedSessionStore extends SessionStore {
  /**
   * A session another replica has just opened (its message may still be on its way): resolves
   * when it arrives, or undefined after a second. Without replicas, or for a key that is not a
   * session's (`ASIA…`), at once.
   */
  arriving(accessKeyId: string): Promise<RoleSession | undefined>;
}

/**
 * Replicas of one fedlab (`--store`, `--workers`) accept each other's temporary credentials: a
 * session opened on one (AssumeRole, AssumeRoleWithWebIdentity, the compute services' roles) goes
 * to the others as a replica message, never as an event (it carries the session's keys), and
 * each keeps it in its own bounded store until it expires.
 */
export async function shareSessions(local: SessionStore, ctx: Pick<PartyContext, 'sharedStore' | 'logger'>, accountOf: (id: string) => Account | undefined): Promise<SharedSessionStore> {
  const shared = ctx.sharedStore;
  const waiters = new Map<string, ((session: RoleSession) => void)[]>();
  if (shared) {
    await shared.watchReplicaMessages((text) => {
      const message = JSON.parse(text) as SessionMessage | { kind?: string };
      if (message.kind !== KIND) return;
      const { accountId, ...rest } = (message as SessionMessage).session;
      const account = accountOf(accountId);
      if (!account) return;
      const session: RoleSession = { ...rest, account };
      local.put(session);
      for (const wake of waiters.get(session.principal.accessKeyId) ?? []) wake(session);
      waiters.delete(session.principal.accessKeyId);
    });
  }
  return {
    ...local,
    put(session) {
      local.put(session);
      if (!shared) return;
      const { account, ...rest } = session;
      const message: SessionMessage = { kind: KIND, session: { ...rest, accountId: account.id } };
      shared.publishReplicaMessage(JSON.stringify(message)).catch((error: Error) => ctx.logger.warn({ store: shared.location, err: error.message }, 'session not sent to the other replicas: they refuse its keys'));
    },
    async arriving(accessKeyId) {
      const held = local.byAccessKey(accessKeyId);
      if (held || !shared || !accessKeyId.startsWith('ASIA')) return held;
      return new Promise<RoleSession | undefined>((resolve) => {
        const timer = setTimeout(() => {
          waiters.set(accessKeyId, (waiters.get(accessKeyId) ?? []).filter((w) => w !== wake));
          if (waiters.get(accessKeyId)!.length === 0) waiters.delete(accessKeyId);
          resolve(undefined);
        }, ARRIVAL_WAIT_MS);
        const wake = (session: RoleSession) => {
          clearTimeout(timer);
          resolve(session);
        };
        waiters.set(accessKeyId, [...(waiters.get(accessKeyId) ?? []), wake]);
      });
    },
  };
}
