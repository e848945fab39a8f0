import type { Request } from 'express';
import type { EventBus } from '../../core/events.js';
import type { BundleContext } from '../secrets/secret-bundle.js';
import type { SecretStore } from '../secrets/secret-store.js';

/** What the secrets operations share. */
export interface ActionDeps {
  secrets: SecretStore;
  /** The vault URL ids are built on: the name the client reached (the listener, or `https://<name>.vault.azure.net` through the proxy). */
  siteFor(req: Request): BundleContext;
  events: EventBus;
}
