import type { EventBus } from '../events.js';
import { SharedStoreUnavailable, type SharedStore } from './shared-store.js';

/** Request methods that change nothing: never refused for a lost store. */
export const READ_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The replicas' store this replica writes to is unreachable (`--store`, `--workers`): a change made
 * now would reach no other replica, so it is refused (503, `Retry-After`) until the store is back,
 * in each listener's own error format. Undefined when there is no store or it is connected.
 * The refusal is published as `store-unavailable` (on this replica's bus: the others cannot hear it).
 */
export function storeLost(store: SharedStore | undefined, events: EventBus, refused: string): SharedStoreUnavailable | undefined {
  if (!store || store.available()) return undefined;
  const lost = new SharedStoreUnavailable(store.location, 'not connected');
  events.publish({ party: 'store', type: 'store-unavailable', store: store.location, detail: 'not connected', refused });
  return lost;
}
