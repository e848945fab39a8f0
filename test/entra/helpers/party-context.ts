import { pino } from 'pino';
import { createClock } from '../../../src/core/clock.js';
import { createEventBus } from '../../../src/core/events.js';
import { pooledKeySource } from '../../../src/core/keys/key-pool.js';
import type { PartyContext } from '../../../src/core/party-context.js';
import { createStateStore } from '../../../src/core/state-dir.js';
import { loadOrCreateLocalTls } from '../../../src/core/tls/local-ca.js';

/** What the composition root hands a party, in memory and silent. */
export async function testPartyContext(): Promise<PartyContext> {
  const store = createStateStore();
  return { store, keySource: pooledKeySource, logger: pino({ level: 'silent' }), events: createEventBus(), clock: createClock(), tls: await loadOrCreateLocalTls(store) };
}
