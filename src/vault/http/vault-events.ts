import type { EventBus } from '../../core/events.js';

/**
 * The vault's events name the vault (and its tenant): in a room every attendee has a vault of their
 * own, and a 401 challenge carries no token to tell whose client met it.
 */
export function vaultEvents(events: EventBus, vault: { name: string; tenant: string }): EventBus {
  return { ...events, publish: (event) => events.publish({ ...event, vault: vault.name, vaultTenant: vault.tenant }) };
}
