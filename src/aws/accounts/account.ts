import { randomUUID } from 'node:crypto';
import type { StoredKey } from '../../core/keys/signing-key.js';
import type { PartyContext } from '../../core/party-context.js';
import type { AccountConfig } from '../config.js';
import { createKeyRing, type KeyRing } from '../keys/key-ring.js';

/** What survives a restart, per account: the issuer id relying parties pin, and the signing keys. */
export interface AccountState {
  issuerId: string;
  keys: StoredKey[];
}

export interface Account {
  readonly id: string;
  readonly config: AccountConfig;
  readonly issuerId: string;
  /** `{endpoint}/{issuerId}`; known once the listener is up. */
  issuerUrl: string;
  /** The IAM switch (EnableOutboundWebIdentityFederation / Disable…). */
  federationEnabled: boolean;
  readonly keys: KeyRing;
}

export const accountStateName = (accountId: string) => `aws/accounts/${accountId}.json`;

/**
 * Load (or create and persist) the account's issuer id and keys. The issuer id is the configured
 * one if any, else the stored one, else a new UUID; keys are imported here, once.
 */
export async function openAccount(config: AccountConfig, ctx: PartyContext): Promise<Account> {
  const name = accountStateName(config.id);
  const kept = ctx.store.read<AccountState>(name);
  let state: AccountState = { issuerId: config.issuerId ?? kept?.issuerId ?? randomUUID(), keys: kept?.keys ?? [] };
  const save = (next: AccountState) => {
    state = next;
    ctx.store.write(name, state);
  };
  if (!kept || kept.issuerId !== state.issuerId) save(state);
  const keys = await createKeyRing(state.keys, ctx.keySource, (stored) => save({ ...state, keys: stored }), ctx.clock.now());
  return {
    id: config.id,
    config,
    issuerId: state.issuerId,
    issuerUrl: '',
    federationEnabled: config.outboundFederation === 'enabled',
    keys,
  };
}
