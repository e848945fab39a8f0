import type { Logger } from '../../core/logger.js';
import type { SharedStore } from '../../core/shared/shared-store.js';

/**
 * One write at a time per identity, as Microsoft.ManagedIdentity allows: a federated credential write
 * while another write to the same identity is in flight fails at once (409, see identity-errors.ts);
 * identity writes wait their turn, so none of them loses a credential written meanwhile.
 */
export interface WriteLock {
  /** Runs `write` when no other write holds the identity; undefined (not run) when one does. */
  tryWith<T>(resourceId: string, write: () => Promise<T>): Promise<T | undefined>;
  /** Runs `write` after the identity's writes in flight. */
  with<T>(resourceId: string, write: () => Promise<T>): Promise<T>;
}

/** A replica that dies holding an identity frees it after this long. */
const LEASE_MS = 30_000;

/**
 * With replicas (`--store`, `--workers`) the identity is also claimed in their store, so a write
 * through one replica refuses (or waits for) a write in flight through another, as ARM does. If the
 * store cannot be reached the lock is this listener's alone (logged).
 */
export function createWriteLock(shared?: SharedStore, logger?: Logger): WriteLock {
  const held = new Map<string, Promise<unknown>>();
  const claimKey = (key: string) => `arm-write:${key}`;
  const claim = async (key: string): Promise<boolean> => {
    if (!shared) return true;
    try {
      return await shared.claimOnce(claimKey(key), LEASE_MS);
    } catch (error) {
      logger?.warn({ resourceId: key, err: (error as Error).message }, 'identity write lock held on this replica only: the shared store is unavailable');
      return true;
    }
  };
  const run = <T>(key: string, write: () => Promise<T>): Promise<T> => {
    const done = write().finally(() => {
      if (held.get(key) === done) held.delete(key);
      void shared?.releaseClaim(claimKey(key)).catch(() => undefined);
    });
    held.set(key, done);
    return done;
  };
  return {
    async tryWith(resourceId, write) {
      const key = resourceId.toLowerCase();
      if (held.has(key) || !(await claim(key))) return undefined;
      return run(key, write);
    },
    async with(resourceId, write) {
      const key = resourceId.toLowerCase();
      for (;;) {
        while (held.has(key)) await held.get(key)!.catch(() => undefined);
        if (!held.has(key) && (await claim(key))) return run(key, write);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
}
