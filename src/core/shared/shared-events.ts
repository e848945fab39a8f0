import type { FedlabEvent, SharedEventBus } from '../events.js';
import type { Logger } from '../logger.js';
import type { SharedStore } from './shared-store.js';

/**
 * One event bus for every replica: each event published on this replica goes to the others over
 * the store (Redis pub/sub, or the primary's IPC with `--workers`), and theirs come in here, so the
 * console, `/_fedlab/events` and lab checks of any replica see every replica's events. An event
 * that cannot be sent while the store is down stays on this replica (the outage is its own event).
 */
export async function shareEvents(events: SharedEventBus, shared: SharedStore, logger: Logger): Promise<void> {
  await shared.watchEvents((text) => {
    try {
      events.receive(JSON.parse(text) as FedlabEvent);
    } catch (error) {
      logger.warn({ store: shared.location, err: (error as Error).message }, 'event from another replica not applied');
    }
  });
  events.forwardTo((event) => {
    shared.publishEvent(JSON.stringify(event)).catch((error: Error) => logger.debug({ store: shared.location, err: error.message }, 'event not sent to the other replicas'));
  });
}
