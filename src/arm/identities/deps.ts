import type { EntraDirectory } from './entra-directory.js';
import type { WriteLock } from './write-lock.js';

/** What the Microsoft.ManagedIdentity operations share. */
export interface IdentityDeps {
  directory: EntraDirectory;
  /** The subscriptions' tenant (`properties.tenantId`). */
  tenant: string;
  lock: WriteLock;
}
