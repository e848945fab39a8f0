import type { Clock } from './clock.js';
import type { EventBus } from './events.js';
import type { KeySource } from './keys/key-pool.js';
import type { Logger } from './logger.js';
import type { SharedStore } from './shared/shared-store.js';
import type { StateStore } from './state-dir.js';
import type { LocalTls } from './tls/local-ca.js';

/** What every simulated party gets from the composition root. Parties share no other state. */
export interface PartyContext {
  /** Persistent documents (state dir) or memory when there is none. */
  store: StateStore;
  /** What every replica must see alike (`--store redis://…`); absent: the embedded default, per process. */
  sharedStore?: SharedStore;
  /** Where new signing keys come from (pool of test keys without a state dir). */
  keySource: KeySource;
  logger: Logger;
  events: EventBus;
  /** This party's own clock (an offset may be set per party). */
  clock: Clock;
  /** fedlab's local CA and server certificate, for HTTPS listeners and for trusting each other. */
  tls: LocalTls;
  /** Guards `/_fedlab/*` on listeners bound to a non-loopback address (config `admin.token`). */
  adminToken?: string;
}
