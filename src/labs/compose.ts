import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { Router } from 'express';
import type { FedlabConfig } from '../config.js';
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
  if (options.labsDir === undefined && !existsSync(DEFAULT_LABS_DIR)) return undefined;
  const labs = loadLabsDir(options.labsDir ?? DEFAULT_LABS_DIR);
  if (labs.length === 0) return undefined;
  const { events, store, ca, adminToken, urls, credential } = options;
  const service = createLabsService({ labs, attendees, events, store, ca, adminToken, urls, credential });
  return { service, mount: { path: '/api/labs', router: createLabsRouter(service, options.logger) }, close: () => service.close() };
}
