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

export function createWriteLock(): WriteLock {
  const held = new Map<string, Promise<unknown>>();
  const run = <T>(key: string, write: () => Promise<T>): Promise<T> => {
    const done = write().finally(() => {
      if (held.get(key) === done) held.delete(key);
    });
    held.set(key, done);
    return done;
  };
  return {
    async tryWith(resourceId, write) {
      const key = resourceId.toLowerCase();
      if (held.has(key)) return undefined;
      return run(key, write);
    },
    async with(resourceId, write) {
      const key = resourceId.toLowerCase();
      while (held.has(key)) await held.get(key)!.catch(() => undefined);
      return run(key, write);
    },
  };
}
