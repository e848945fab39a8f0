import type { Logger } from '../logger.js';

/** How often a store that keeps evicting says so again (the first eviction is logged at once). */
const REPEAT_MS = 60_000;

export type EvictionNotice = (evicted?: number) => void;

/**
 * Tells the log that a bounded store is dropping entries, without letting a flood flood the log:
 * one warning at the first eviction, then at most one a minute with the count since the last one.
 */
export function evictionNotice(logger: Pick<Logger, 'warn'> | undefined, store: string, bound: string, nowMs: () => number = Date.now): EvictionNotice {
  let pending = 0;
  let lastMs: number | undefined;
  return (evicted = 1) => {
    pending += evicted;
    const now = nowMs();
    if (lastMs !== undefined && now - lastMs < REPEAT_MS) return;
    logger?.warn({ store, bound, evicted: pending }, `${store} is full (${bound}): the oldest entries were dropped`);
    pending = 0;
    lastMs = now;
  };
}
