import type { TrailEvent } from './trail-event.js';

/**
 * The event history, per account at most `maxPerAccount` events (the oldest goes first), newest
 * last. In memory only, like the session store (docs/deviations-aws.md).
 */
export interface TrailStore {
  record(event: TrailEvent): void;
  /** The account's events, newest first. */
  events(accountId: string): readonly TrailEvent[];
}

export function createTrailStore(maxPerAccount: number): TrailStore {
  const perAccount = new Map<string, TrailEvent[]>();
  return {
    record(event) {
      const events = perAccount.get(event.recipientAccountId) ?? [];
      events.push(event);
      if (events.length > maxPerAccount) events.splice(0, events.length - maxPerAccount);
      perAccount.set(event.recipientAccountId, events);
    },
    events: (accountId) => [...(perAccount.get(accountId) ?? [])].reverse(),
  };
}
