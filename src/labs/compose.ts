import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { Router } from 'express';
import type { FedlabConfig } from '../config.js';
import { ConfigError } from '../core/config/config-error.js';
import type { Logger } from '../core/logger.js';
import type { StateStore } from '../core/state-dir.js';
import { defaultAttendee, type Attendee } from './attendee.js';
import { expandAttendees } from './attendees.js';
import { createLabsService, type LabsOptions, type LabsService } from './labs-service.js';
import { DEFAULT_LABS_DIR, loadLabsDir } from './load-lab.js';
import { createLabsRouter } from './router.js';

const SEED_FILE = 'attendees-seed.json';

/** `--attendees N`: the expanded configuration; the seed is kept in the state dir so a restart keeps everyone's secrets. */
export function prepareRoom(config: FedlabConfig, store: StateStore, count: number): { config: FedlabConfig; attendees: Attendee[] } {
  let seed = store.read<{ seed: string }>(SEED_FILE)?.seed;
  if (!seed) {
    seed = randomBytes(32).toString('base64url');
    store.write(SEED_FILE, { seed });
  }
  return expandAttendees(config, { count, seed });
}

export interface StartLabsOptions extends Pick<LabsOptions, 'events' | 'store' | 'ca' | 'adminToken' | 'urls' | 'credential'> {
  config: FedlabConfig;
  /** The room (from prepareRoom); without it, the configuration's one attendee. */
  attendees?: Attendee[];
  labsDir?: string;
  /** Where the labs API logs its own failures. */
  logger?: Logger;
}

export interface RunningLabs {
  service: LabsService;
  mount: { path: string; router: Router };
  close(): Promise<void>;
}

/**
 * The lab checker and its API (`/api/labs`); undefined when there is nothing to check (no labs
 * folder shipped, or a configuration without an Entra application to be the attendee's).
 */
export function startLabs(options: StartLabsOptions): RunningLabs | undefined {
  const single = defaultAttendee(options.config);
  const attendees = options.attendees ?? (single ? [single] : []);
  if (attendees.length === 0) return undefined;
  // `--labs <dir>` loads every lab there; otherwise only the courses the configuration names.
  const courses = options.config.labs?.courses;
  if (options.labsDir === undefined && (!courses || !existsSync(DEFAULT_LABS_DIR))) return undefined;
  const found = loadLabsDir(options.labsDir ?? DEFAULT_LABS_DIR);
  const missing = (courses ?? []).filter((id) => !found.some((l) => l.definition.id === id));
  if (options.labsDir === undefined && missing.length > 0) {
    throw new ConfigError(undefined, [`labs.courses: no course ${missing.join(', ')} in ${DEFAULT_LABS_DIR} (known: ${found.map((l) => l.definition.id).join(', ') || 'none'})`]);
  }
  const labs = options.labsDir === undefined ? found.filter((l) => courses!.includes(l.definition.id)) : found;
  if (labs.length === 0) return undefined;
  const { events, store, ca, adminToken, urls, credential } = options;
  const service = createLabsService({ labs, attendees, events, store, ca, adminToken, urls, credential });
  return { service, mount: { path: '/api/labs', router: createLabsRouter(service, options.logger) }, close: () => service.close() };
}
