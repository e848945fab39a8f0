import { randomUUID } from 'node:crypto';
import type { PartyContext } from '../../core/party-context.js';
import type { AccountConfig, PrincipalConfig } from '../config.js';
import { createKeyRing, type KeyRing } from '../keys/key-ring.js';
import { accountStateName, readAccountState, type AccountState } from './account-state.js';
import { openIamStore, type IamStore } from '../iam/store/iam-store.js';

export { accountStateName, type AccountState } from './account-state.js';

export interface Account {
  readonly id: string;
  readonly config: AccountConfig;
  readonly issuerId: string;
  /** `{endpoint}/{issuerId}`; known once the listener is up. */
  issuerUrl: string;
  /** The IAM switch (EnableOutboundWebIdentityFederation / Disable…); persisted once flipped. */
  readonly federationEnabled: boolean;
  setFederation(enabled: boolean): void;
  /** The config's principals, less the removed ones, plus those added at runtime. */
  readonly principals: readonly PrincipalConfig[];
  /** Add (or replace, by access key id) a principal; persisted. */
  putPrincipal(principal: PrincipalConfig): void;
  /** False when the account has no principal with this access key id. */
  deletePrincipal(accessKeyId: string): boolean;
  readonly keys: KeyRing;
  /** Managed policies and each role's and user's policies (IAM's policy APIs change them); persisted. */
  readonly iam: IamStore;
}

function effectivePrincipals(config: AccountConfig, state: AccountState): PrincipalConfig[] {
  const changes = state.principals ?? { added: [], removed: [] };
  const replaced = new Set([...changes.removed, ...changes.added.map((p) => p.accessKeyId)]);
  return [...config.principals.filter((p) => !replaced.has(p.accessKeyId)), ...changes.added];
}

/**
 * Load (or create and persist) the account's issuer id, keys and runtime changes. The issuer id
 * is the configured one if any, else the stored one, else a new UUID; keys are imported here, once.
 */
export async function openAccount(config: AccountConfig, ctx: PartyContext): Promise<Account> {
  const name = accountStateName(config.id);
  const kept = readAccountState(ctx.store, config.id);
  let state: AccountState = { ...kept, issuerId: config.issuerId ?? kept?.issuerId ?? randomUUID(), keys: kept?.keys ?? [] };
  const save = (next: AccountState) => {
    state = next;
    ctx.store.write(name, state);
  };
  if (!kept || kept.issuerId !== state.issuerId) save(state);
  const keys = await createKeyRing(state.keys, ctx.keySource, (stored) => save({ ...state, keys: stored }), ctx.clock.now());
  let principals = effectivePrincipals(config, state);
  // Another replica changed the account (keys rotated, principals, the IAM switch): take its state.
  ctx.store.watch?.(name, () => {
    const changed = readAccountState(ctx.store, config.id);
    if (!changed) return;
    state = { ...changed, issuerId: state.issuerId };
    principals = effectivePrincipals(config, state);
    void keys.replace(state.keys);
  });
  const changePrincipals = (added: PrincipalConfig[], removed: string[]) => {
    save({ ...state, principals: { added, removed } });
    principals = effectivePrincipals(config, state);
  };

  return {
    id: config.id,
    config,
    issuerId: state.issuerId,
    issuerUrl: '',
    get federationEnabled() {
      return (state.federation ?? config.outboundFederation) === 'enabled';
    },
    setFederation(enabled) {
      save({ ...state, federation: enabled ? 'enabled' : 'disabled' });
    },
    get principals() {
      return principals;
    },
    putPrincipal(principal) {
      const { added = [], removed = [] } = state.principals ?? {};
      changePrincipals([...added.filter((p) => p.accessKeyId !== principal.accessKeyId), principal], removed.filter((key) => key !== principal.accessKeyId));
    },
    deletePrincipal(accessKeyId) {
      if (!principals.some((p) => p.accessKeyId === accessKeyId)) return false;
      const { added = [], removed = [] } = state.principals ?? {};
      const fromConfig = config.principals.some((p) => p.accessKeyId === accessKeyId);
      changePrincipals(added.filter((p) => p.accessKeyId !== accessKeyId), fromConfig ? [...removed, accessKeyId] : removed);
      return true;
    },
    keys,
    iam: openIamStore(config, () => principals, ctx.store, () => ctx.clock.now()),
  };
}
