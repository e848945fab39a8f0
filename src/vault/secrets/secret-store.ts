import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Clock } from '../../core/clock.js';
import { CorruptStateError, type StateStore } from '../../core/state-dir.js';
import type { SeededSecret } from '../config.js';
import type { EvictionNotice } from '../../core/bounds/eviction-notice.js';
import { deletedButRecoverable, deletedSecretNotFound, secretNotFound, vaultQuotaExceeded } from '../errors.js';
import {
  currentVersion,
  persistedSecretsSchema,
  type DeletedSecret,
  type SecretRecord,
  type SecretVersion,
  type VersionProperties,
} from './secret-model.js';

/** The `vault` section's document; each vault of the `vaults` list keeps its own (see `secretsDocumentOf`). */
const STATE_FILE = 'vault/secrets.json';

/** Where a vault's secrets are kept: one document per vault, so that no vault ever loads another's. */
export const secretsDocumentOf = (vaultName: string | undefined): string => (vaultName === undefined ? STATE_FILE : `vault/vaults/${vaultName}/secrets.json`);

/** Where a vault's runtime role assignments are kept, next to its secrets. */
export const roleAssignmentsDocumentOf = (vaultName: string | undefined): string => secretsDocumentOf(vaultName).replace(/secrets\.json$/, 'role-assignments.json');
const DAY_SECONDS = 86_400;

export interface FoundVersion {
  record: SecretRecord;
  version: SecretVersion;
}

/** The vault's secrets: live ones by case-insensitive name, and soft-deleted ones until purged. */
export interface SecretStore {
  /** A new version (the secret is created on first set). */
  set(name: string, value: string, properties: VersionProperties): FoundVersion;
  /** The given version, or the current one. */
  find(name: string, version?: string): FoundVersion;
  list(): SecretRecord[];
  versions(name: string): FoundVersion[];
  update(name: string, version: string | undefined, properties: VersionProperties): FoundVersion;
  softDelete(name: string): DeletedSecret;
  findDeleted(name: string): DeletedSecret;
  listDeleted(): DeletedSecret[];
  purge(name: string): void;
  recover(name: string): SecretRecord;
}

export interface SecretStoreOptions {
  store: StateStore;
  /** The document this vault keeps its secrets in (default: the `vault` section's). */
  document?: string;
  clock: Clock;
  retentionDays: number;
  seed: readonly SeededSecret[];
  limits?: SecretLimits;
  /** Told when a secret's oldest versions are forgotten (maxVersionsPerSecret). */
  onEvict?: EvictionNotice;
}

export interface SecretLimits {
  maxSecrets: number;
  maxVersionsPerSecret: number;
  maxStoredBytes: number;
}

const UNLIMITED: SecretLimits = { maxSecrets: Infinity, maxVersionsPerSecret: Infinity, maxStoredBytes: Infinity };
/** What one version costs beyond its value, content type and tags (ids, times, flags). */
const VERSION_OVERHEAD = 128;
const versionBytes = (v: { value: string; contentType?: string; tags?: Record<string, string> }) =>
  VERSION_OVERHEAD + Buffer.byteLength(v.value) + Buffer.byteLength(v.contentType ?? '') + (v.tags ? Buffer.byteLength(JSON.stringify(v.tags)) : 0);
const recordBytes = (r: SecretRecord) => r.versions.reduce((n, v) => n + versionBytes(v), 0);

const newVersionId = () => randomBytes(16).toString('hex');

/** Properties a request left out stay as they are. */
const given = (properties: VersionProperties): VersionProperties =>
  Object.fromEntries(Object.entries(properties).filter(([, value]) => value !== undefined));

function loadPersisted(store: StateStore, file: string) {
  const raw = store.read<unknown>(file);
  if (raw === undefined) return { secrets: [], deleted: [] };
  const parsed = persistedSecretsSchema.safeParse(raw);
  if (!parsed.success) throw new CorruptStateError(store.dir ? join(store.dir, file) : file, parsed.error.issues[0]!.message);
  return parsed.data;
}

export function createSecretStore(options: SecretStoreOptions): SecretStore {
  const { store, clock, retentionDays } = options;
  const file = options.document ?? STATE_FILE;
  const limits = options.limits ?? UNLIMITED;
  const persisted = loadPersisted(store, file);
  const live = new Map<string, SecretRecord>(persisted.secrets.map((r) => [r.name.toLowerCase(), r]));
  const deleted = new Map<string, DeletedSecret>(persisted.deleted.map((r) => [r.name.toLowerCase(), r]));
  const storedBytes = () => [...live.values(), ...deleted.values()].reduce((n, r) => n + recordBytes(r), 0);
  let bytes = storedBytes();
  // Another replica changed the secrets: take its set.
  store.watch?.(file, () => {
    const changed = loadPersisted(store, file);
    live.clear();
    deleted.clear();
    for (const r of changed.secrets) live.set(r.name.toLowerCase(), r);
    for (const r of changed.deleted) deleted.set(r.name.toLowerCase(), r);
    bytes = storedBytes();
  });

  const save = () => {
    if (store.dir || store.shared) store.write(file, { secrets: [...live.values()], deleted: [...deleted.values()] });
  };

  // A soft-deleted secret is purged by the service itself once its retention has passed.
  const sweep = () => {
    for (const [key, secret] of deleted) {
      if (secret.scheduledPurgeDate > clock.nowSeconds()) continue;
      deleted.delete(key);
      bytes -= recordBytes(secret);
    }
  };

  const liveRecord = (name: string) => {
    const record = live.get(name.toLowerCase());
    if (!record) throw secretNotFound(name);
    return record;
  };

  const deletedRecord = (name: string) => {
    sweep();
    const record = deleted.get(name.toLowerCase());
    if (!record) throw deletedSecretNotFound(name);
    return record;
  };

  /** A write that would pass a bound is refused before anything changes (the oldest versions are forgotten instead). */
  const admit = (key: string, added: number) => {
    if (!live.has(key) && live.size + deleted.size >= limits.maxSecrets) {
      throw vaultQuotaExceeded(`fedlab: the vault holds at most ${limits.maxSecrets} secrets, soft-deleted ones included (vault.maxSecrets); delete and purge one first.`);
    }
    const freed = (live.get(key)?.versions.length ?? 0) >= limits.maxVersionsPerSecret ? versionBytes(live.get(key)!.versions[0]!) : 0;
    if (bytes - freed + added > limits.maxStoredBytes) {
      throw vaultQuotaExceeded(`fedlab: the vault stores at most ${limits.maxStoredBytes} bytes of secret values, content types and tags over all versions (vault.maxStoredBytes); purge secrets first.`);
    }
  };

  const addVersion = (name: string, value: string, properties: VersionProperties): FoundVersion => {
    const now = clock.nowSeconds();
    const key = name.toLowerCase();
    const record = live.get(key) ?? { name, versions: [] };
    const version: SecretVersion = { version: newVersionId(), value, ...given(properties), enabled: properties.enabled ?? true, created: now, updated: now };
    admit(key, versionBytes(version));
    record.versions.push(version);
    bytes += versionBytes(version);
    let forgotten = 0;
    for (; record.versions.length > limits.maxVersionsPerSecret; forgotten++) bytes -= versionBytes(record.versions.shift()!);
    if (forgotten > 0) options.onEvict?.(forgotten);
    live.set(key, record);
    return { record, version };
  };

  const find = (name: string, version?: string): FoundVersion => {
    const record = liveRecord(name);
    if (version === undefined) return { record, version: currentVersion(record) };
    const match = record.versions.find((v) => v.version === version.toLowerCase());
    if (!match) throw secretNotFound(`${name}/${version}`);
    return { record, version: match };
  };

  let seeded = false;
  for (const secret of options.seed) {
    const key = secret.name.toLowerCase();
    if (live.has(key) || deleted.has(key)) continue;
    addVersion(secret.name, secret.value, { contentType: secret.contentType, tags: secret.tags, enabled: secret.enabled });
    seeded = true;
  }
  if (seeded) save();

  return {
    set(name, value, properties) {
      sweep();
      if (deleted.has(name.toLowerCase())) throw deletedButRecoverable(name);
      const found = addVersion(name, value, properties);
      save();
      return found;
    },
    find,
    list: () => [...live.values()].sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase())),
    versions(name) {
      const record = liveRecord(name);
      return record.versions.map((version) => ({ record, version }));
    },
    update(name, version, properties) {
      const found = find(name, version);
      const before = versionBytes(found.version);
      const after = versionBytes({ ...found.version, ...given(properties) });
      if (after > before && bytes + after - before > limits.maxStoredBytes) {
        throw vaultQuotaExceeded(`fedlab: the vault stores at most ${limits.maxStoredBytes} bytes of secret values, content types and tags over all versions (vault.maxStoredBytes); purge secrets first.`);
      }
      Object.assign(found.version, given(properties), { updated: clock.nowSeconds() });
      bytes += after - before;
      save();
      return found;
    },
    softDelete(name) {
      const record = liveRecord(name);
      const now = clock.nowSeconds();
      const gone: DeletedSecret = { ...record, deletedDate: now, scheduledPurgeDate: now + retentionDays * DAY_SECONDS };
      live.delete(name.toLowerCase());
      deleted.set(name.toLowerCase(), gone);
      save();
      return gone;
    },
    findDeleted: deletedRecord,
    listDeleted() {
      sweep();
      return [...deleted.values()].sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
    },
    purge(name) {
      bytes -= recordBytes(deletedRecord(name));
      deleted.delete(name.toLowerCase());
      save();
    },
    recover(name) {
      sweep();
      const gone = deleted.get(name.toLowerCase());
      if (!gone) throw secretNotFound(name);
      const { deletedDate: _deleted, scheduledPurgeDate: _purge, ...record } = gone;
      deleted.delete(name.toLowerCase());
      live.set(name.toLowerCase(), record);
      save();
      return record;
    },
  };
}
