import type { EventBus } from '../events.js';
import type { Logger } from '../logger.js';
import type { StateStore } from '../state-dir.js';
import type { SharedStore } from './shared-store.js';

/**
 * The state dir's documents on the replicas' shared store (`--store`). Reads come from this
 * replica's copy, loaded at start and kept current by the store's change notices (no restart);
 * a write updates the copy at once and goes to the store in order, as one HSET + PUBLISH. A write
 * the store refuses (it is down) is logged and published as `store-unavailable`, and sent again
 * when the store is back. Requests that would change shared state are refused while it is down
 * (store-gate.ts), so such writes are the replica's own (lab progress), not a client's.
 */
export async function openSharedStateStore(shared: SharedStore, deps: { logger: Logger; events: EventBus }): Promise<StateStore & { flushed(): Promise<void> }> {
  const documents = await shared.loadDocuments();
  const listeners = new Map<string, (() => void)[]>();
  let queue: Promise<void> = Promise.resolve();
  const apply = (name: string, text: string) => {
    documents.set(name, text);
    for (const listener of listeners.get(name) ?? []) {
      try {
        listener();
      } catch (error) {
        deps.logger.warn({ document: name, err: (error as Error).message }, 'changed document not applied');
      }
    }
  };
  await shared.watchDocuments(apply);
  /** Documents this replica changed whose write the store refused: sent again once it is back. */
  const unsaved = new Set<string>();
  // Back after an outage: send what did not reach the store, put back what a store restarted
  // without persistence no longer holds, and take the other replicas' changes whose notices were missed.
  shared.onReconnect(() => {
    queue = queue.then(async () => {
      try {
        for (const name of [...unsaved]) {
          await shared.saveDocument(name, documents.get(name)!);
          unsaved.delete(name);
        }
        const stored = await shared.loadDocuments();
        for (const [name, text] of documents) if (!stored.has(name)) await shared.saveDocument(name, text);
        for (const [name, text] of stored) if (documents.get(name) !== text) apply(name, text);
        deps.logger.info({ store: shared.location, documents: stored.size }, 'caught up with the shared store');
      } catch (error) {
        deps.logger.warn({ store: shared.location, err: (error as Error).message }, 'catching up with the shared store failed; retried at the next reconnect');
      }
    });
  });
  return {
    dir: undefined,
    shared: shared.location,
    read<T>(name: string): T | undefined {
      const text = documents.get(name);
      return text === undefined ? undefined : (JSON.parse(text) as T);
    },
    write(name, value) {
      const text = JSON.stringify(value);
      documents.set(name, text);
      queue = queue.then(() =>
        shared.saveDocument(name, text).then(
          () => {
            unsaved.delete(name);
          },
          (error: Error) => {
            unsaved.add(name);
            deps.logger.warn({ store: shared.location, document: name, err: error.message }, 'document not saved in the shared store');
            deps.events.publish({ party: 'store', type: 'store-unavailable', store: shared.location, detail: error.message, document: name });
          },
        ),
      );
    },
    /** Resolves once every write so far reached the store (before the start lock is released). */
    flushed: () => queue,
    watch(name, listener) {
      listeners.set(name, [...(listeners.get(name) ?? []), listener]);
    },
  };
}
