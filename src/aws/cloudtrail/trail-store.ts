import type { EvictionNotice } from '../../core/bounds/eviction-notice.js';
import type { TrailEvent } from './trail-event.js';

/** Beyond this many bytes of JSON per account the oldest events go too (a policy document can make an event large). */
const MAX_BYTES_PER_ACCOUNT = 16 * 1024 * 1024;

/**
 * The event history, per account at most `maxPerAccount` events and 16 MiB of JSON (the oldest
 * goes first), newest last. In memory only, like the session store (docs/deviations-aws.md).
 */
export interface TrailStore {
  record(event: TrailEvent): void;
  /** The account's events, newest first. */
  events(accountId: string): readonly TrailEvent[];
}

interface AccountHistory {
  events: TrailEvent[];
  sizes: number[];
  bytes: number;
}

export function createTrailStore(maxPerAccount: number, maxBytesPerAccount = MAX_BYTES_PER_ACCOUNT, onEvict?: EvictionNotice): TrailStore {
  const perAccount = new Map<string, AccountHistory>();
  return {
    record(event) {
      let history = perAccount.get(event.recipientAccountId);
      if (!history) perAccount.set(event.recipientAccountId, (history = { events: [], sizes: [], bytes: 0 }));
      const size = Buffer.byteLength(JSON.stringify(event));
      history.events.push(event);
      history.sizes.push(size);
      history.bytes += size;
      let evicted = 0;
      for (; history.events.length > 1 && (history.events.length > maxPerAccount || history.bytes > maxBytesPerAccount); evicted++) {
        history.events.shift();
        history.bytes -= history.sizes.shift()!;
      }
      if (evicted > 0) onEvict?.(evicted);
    },
    events: (accountId) => [...(perAccount.get(accountId)?.events ?? [])].reverse(),
  };
}
