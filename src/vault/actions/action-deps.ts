import type { EventBus } from '../../core/events.js';
import type { BundleContext } from '../secrets/secret-bundle.js';
import type { SecretStore } from '../secrets/secret-store.js';

/** What the secrets operations share. */
export interface ActionDeps {
  secrets: SecretStore;
  site: BundleContext;
  events: EventBus;
}
