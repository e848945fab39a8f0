import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { StateStore } from './state-dir.js';

const FILE = 'state-config.json';
/** Where a state dir keeps the state of configurations other than the one it was first made for. */
export const OTHER_CONFIGS_DIR = 'configs';

/** What a state dir records about the configuration its state was made for. */
export interface StateConfigRecord {
  fingerprint: string;
  /** For people: the configuration file (or "embedded"), and the room size. */
  configuration: string;
  attendees: number;
}

/** JSON with keys in sorted order, so an equal configuration always hashes alike. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** 16 hex digits of SHA-256 over the validated configuration, the room size and the labs folder. */
export function stateFingerprint(input: { config: unknown; attendees?: number; labsDir?: string }): string {
  return createHash('sha256').update(canonical({ config: input.config, attendees: input.attendees ?? 0, labsDir: input.labsDir ?? null })).digest('hex').slice(0, 16);
}

export interface StateDirChoice {
  /** The dir that holds this configuration's state. */
  dir: string;
  /** Set when the state dir was made for another configuration: what it was made for. */
  divertedFrom?: StateConfigRecord;
}

/**
 * A state dir serves the configuration it was first started with (recorded in state-config.json;
 * a dir without the record is adopted). Another configuration gets a state of its own under
 * `<dir>/configs/<fingerprint>/`: issuer ids, keys, federated credentials and lab progress of
 * one configuration never carry over into another.
 */
export function chooseStateDir(dir: string, store: (dir: string) => StateStore, wanted: StateConfigRecord): StateDirChoice {
  const top = store(dir);
  const recorded = top.read<StateConfigRecord>(FILE);
  if (!recorded) top.write(FILE, wanted);
  if (!recorded || recorded.fingerprint === wanted.fingerprint) return { dir };
  const own = join(dir, OTHER_CONFIGS_DIR, wanted.fingerprint);
  const ownStore = store(own);
  if (!ownStore.read<StateConfigRecord>(FILE)) ownStore.write(FILE, wanted);
  return { dir: own, divertedFrom: recorded };
}
