import cluster, { type Worker } from 'node:cluster';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../core/config/config-error.js';
import { generateAdminToken } from '../core/control/admin-access.js';
import type { Logger } from '../core/logger.js';
import type { FedlabUrls, RunningParties } from '../start-parties.js';
import { exitOnSignals } from './shutdown.js';

/**
 * `fedlab start --workers N`: N processes (node:cluster) serve the same listeners. They share the
 * configuration and the state dir (keys, CA, issuer ids), so any worker answers any request alike.
 *
 * Runtime changes that fedlab persists (Graph API directory changes, AWS admin changes, Key Vault
 * secrets, lab progress: every StateStore write) reach every worker by a rolling restart: the
 * worker that made the change tells the primary over cluster IPC, and the primary replaces each
 * other worker with a fresh one (which reads the state dir at start) before stopping the old one.
 * State held only in memory (faults, clock offset, events, traces) stays per worker: see
 * bench/README.md ("fedlab start --workers").
 */

export interface WorkerHooks {
  /** Called after each state write of this worker. */
  onStateWrite: (name: string) => void;
  /** One admin token for every worker (a generated one would differ per process). */
  adminToken: string;
}

export interface ClusterOptions {
  workers: number;
  stateDir: string;
  urlsFile?: string;
  logger: Logger;
  /** Starts the parties in a worker process; `first` is the worker that also writes one-off files. */
  start: (hooks: WorkerHooks, first: boolean) => Promise<RunningParties>;
  banner: (fedlab: RunningParties) => string;
}

type WorkerMessage = { type: 'fedlab:ready'; urls: FedlabUrls; banner: string } | { type: 'fedlab:state-written'; name: string };

const ADMIN_TOKEN_ENV = 'FEDLAB_CLUSTER_ADMIN_TOKEN';
const READY_TIMEOUT_MS = 60_000;
/** Writes in quick succession (a Graph call that writes twice) cause one restart round. */
const COALESCE_MS = 50;

export function parseWorkerCount(raw: string | number | undefined): number {
  if (raw === undefined) return 1;
  const workers = Number(raw);
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new ConfigError(undefined, [`--workers: expected a number of processes from 1 to 64, got '${raw}'`]);
  return workers;
}

export function runClustered(options: ClusterOptions): Promise<void> {
  return cluster.isPrimary ? runPrimary(options) : runWorker(options);
}

async function runWorker({ start, banner, logger }: ClusterOptions): Promise<void> {
  let ready = false;
  const fedlab = await start({
    adminToken: process.env[ADMIN_TOKEN_ENV]!,
    // Writes made while starting (first-start keys, seeds) are this worker's own set-up, not changes.
    onStateWrite: (name) => {
      if (ready) process.send?.({ type: 'fedlab:state-written', name } satisfies WorkerMessage);
    },
  }, cluster.worker?.id === 1);
  ready = true;
  process.send?.({ type: 'fedlab:ready', urls: fedlab.urls, banner: banner(fedlab) } satisfies WorkerMessage);
  // Ctrl-C reaches the whole process group: the primary stops the workers, so that a worker
  // leaving on its own is not taken for a crash and replaced.
  process.on('SIGINT', () => {});
  const shutdown = exitOnSignals({ logger, close: () => fedlab.close(), signals: ['SIGTERM'] });
  // The primary is gone: never linger holding the ports.
  process.on('disconnect', () => shutdown('disconnect'));
  logger.debug({ worker: cluster.worker?.id }, 'worker ready');
}

interface Slot {
  worker: Worker;
  /** The change generation this worker's state includes. */
  generation: number;
  ready: boolean;
}

async function runPrimary({ workers, stateDir, urlsFile, logger }: ClusterOptions): Promise<void> {
  process.env[ADMIN_TOKEN_ENV] ??= generateAdminToken();
  const slots = new Set<Slot>();
  let generation = 0;
  let stopping = false;
  let rolling: Promise<void> | undefined;
  let rollAgain = false;

  const fork = (): Promise<{ slot: Slot; message: Extract<WorkerMessage, { type: 'fedlab:ready' }> }> => {
    const slot: Slot = { worker: cluster.fork(), generation, ready: false };
    slots.add(slot);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`worker ${slot.worker.id} was not ready within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
      slot.worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'fedlab:ready') {
          clearTimeout(timer);
          slot.ready = true;
          resolve({ slot, message });
        } else if (message.type === 'fedlab:state-written' && slot.ready && !stopping) {
          generation += 1;
          slot.generation = generation;
          scheduleRoll();
        }
      });
      slot.worker.once('exit', (code, signal) => {
        clearTimeout(timer);
        const planned = !slots.has(slot);
        slots.delete(slot);
        if (!slot.ready) return reject(new Error(`worker ${slot.worker.id} exited (${signal ?? code}) before it was ready`));
        if (planned || stopping) return;
        logger.error({ worker: slot.worker.id, code, signal }, 'worker died; starting a replacement');
        fork().catch((error: unknown) => logger.error({ err: error }, 'replacement worker failed'));
      });
    });
  };

  const stopSlot = (slot: Slot): Promise<void> =>
    new Promise((resolve) => {
      slots.delete(slot);
      if (slot.worker.isDead()) return resolve();
      slot.worker.once('exit', () => resolve());
      slot.worker.process.kill('SIGTERM');
    });

  /** Replaces, one at a time, every worker that has not seen the latest change. */
  const roll = async () => {
    for (;;) {
      const stale = [...slots].find((slot) => slot.ready && slot.generation < generation);
      if (!stale || stopping) return;
      try {
        await fork();
        await stopSlot(stale);
      } catch (error) {
        logger.error({ err: error }, 'could not restart a worker with the changed state; it keeps the old state');
        stale.generation = generation;
      }
    }
  };
  function scheduleRoll() {
    if (rolling) {
      rollAgain = true;
      return;
    }
    rolling = new Promise<void>((resolve) => setTimeout(resolve, COALESCE_MS)).then(roll).finally(() => {
      rolling = undefined;
      if (rollAgain) {
        rollAgain = false;
        scheduleRoll();
      }
    });
  }

  exitOnSignals({
    logger,
    close: async () => {
      stopping = true;
      await Promise.all([...slots].map(stopSlot));
    },
    // No worker outlives a forced exit of the primary.
    force: () => {
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
    },
  });

  // The first worker creates what a first start creates (keys, CA, issuer ids); the others read it.
  const first = await fork();
  await Promise.all(Array.from({ length: workers - 1 }, fork));
  const { urls, banner } = first.message;
  writeFileSync(join(stateDir, 'urls.json'), JSON.stringify(urls, null, 2) + '\n');
  if (urlsFile) writeFileSync(urlsFile, JSON.stringify(urls, null, 2) + '\n');
  const pids = [...slots].map((slot) => slot.worker.process.pid).join(', ');
  process.stdout.write(banner.replace(/\nfedlab ready$/, `\n  workers                ${workers} (node:cluster, pids ${pids})\nfedlab ready`) + '\n');
}
