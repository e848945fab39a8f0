import { stateFingerprint } from '../state-fingerprint.js';

/** What replicas may set each their own: a section's listen address, and the store's URL. */
const PER_REPLICA = new Set(['host', 'port']);

function withoutListenAddress(section: unknown): unknown {
  if (Array.isArray(section)) return section.map(withoutListenAddress);
  if (!section || typeof section !== 'object') return section;
  return Object.fromEntries(Object.entries(section).filter(([key]) => !PER_REPLICA.has(key)));
}

/**
 * The configuration as every replica on one store must have it: equal except for each section's
 * `host` and `port` (and `store`, which may name the same Redis differently).
 */
export function replicaFingerprint(config: Record<string, unknown>, extra: { attendees?: number; labsDir?: string } = {}): string {
  const shared = Object.fromEntries(Object.entries(config).filter(([key]) => key !== 'store').map(([key, section]) => [key, withoutListenAddress(section)]));
  return stateFingerprint({ config: shared, ...extra });
}
