import cluster, { type Worker } from 'node:cluster';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError } from '../core/config/config-error.js';
import { generateAdminToken } from '../core/control/admin-access.js';
import type { Logger } from '../core/logger.js';
import { connectPrimaryStore, PRIMARY_STORE_LOCATION, servePrimaryStore } from '../core/shared/cluster-store.js';
import { evictionNotice } from '../core/bounds/eviction-notice.js';
import { createPrimaryStore, MAX_WINDOWS } from '../core/shared/primary-store.js';
import type { SharedStore } from '../core/shared/shared-store.js';
import { createStateStore, listDocuments } from '../core/state-dir.js';
import { LOCAL_TLS_DOCUMENT } from '../core/tls/local-ca.js';
import { redisLocation } from '../core/shared/redis-store.js';
import type { FedlabUrls, RunningParties } from '../start-parties.js';
import { exitOnSignals } from './shutdown.js';

/**
 * `fedlab start --workers N`: N replicas (node:cluster processes sharing the listeners) on one
 * shared store, so that every worker answers as one fedlab and nothing restarts to share a change.
 * With `--store redis://…` each worker is a replica on that Redis, as on several machines. Without
 * it the primary process is the store (primary-store.ts): the workers call it over cluster IPC
 * for claims, rate-limit windows and documents, and it keeps the documents in the state dir.
 */

export interface WorkerHooks {
  /** One admin token for every worker (a generated one would differ per process). */
  adminToken: string;
  /** The primary's store when no `--store` is given. */
  sharedStore?: SharedStore;
}

export interface ReplicaOptions {
  workers: number;
  stateDir: string;
  urlsFile?: string;
  /** `--store`: the workers connect to it themselves. */
  store?: string;
  logger: Logger;
  /** The state dir of the configuration (the primary keeps the documents there). */
  stateDirOf: () => string;
  /** Starts the parties in a worker process; `first` is the worker that also writes one-off files. */
  start: (hooks: WorkerHooks, first: boolean) => Promise<RunningParties>;
  banner: (fedlab: RunningParties) => string;
}

type WorkerMessage = { fedlab: 'ready'; urls: FedlabUrls; banner: string };

const ADMIN_TOKEN_ENV = 'FEDLAB_CLUSTER_ADMIN_TOKEN';
const READY_TIMEOUT_MS = 60_000;

export function parseWorkerCount(raw: string | number | undefined): number {
  if (raw === undefined) return 1;
  const workers = Number(raw);
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new ConfigError(undefined, [`--workers: expected a number of processes from 1 to 64, got '${raw}'`]);
  return workers;
}

export function runReplicas(options: ReplicaOptions): Promise<void> {
  return cluster.isPrimary ? runPrimary(options) : runWorker(options);
}

async function runWorker({ start, banner, logger, store }: ReplicaOptions): Promise<void> {
  const fedlab = await start({ adminToken: process.env[ADMIN_TOKEN_ENV]!, ...(store ? {} : { sharedStore: connectPrimaryStore() }) }, cluster.worker?.id === 1);
  process.send?.({ fedlab: 'ready', urls: fedlab.urls, banner: banner(fedlab) } satisfies WorkerMessage);
  // Ctrl-C reaches the whole process group: the primary stops the workers, so that a worker
  // leaving on its own is not taken for a crash and replaced.
  process.on('SIGINT', () => {});
  const shutdown = exitOnSignals({ logger, close: () => fedlab.close(), signals: ['SIGTERM'] });
  // The primary is gone: never linger holding the ports.
  process.on('disconnect', () => shutdown('disconnect'));
  logger.debug({ worker: cluster.worker?.id }, 'worker ready');
}

/** The primary's store: the documents of the configuration's state dir, the CA's in the top one. */
function primaryStore(options: ReplicaOptions) {
  const top = resolve(options.stateDir);
  const dir = options.stateDirOf();
  const documents = listDocuments(dir);
  const ca = listDocuments(top, ['configs']).get(LOCAL_TLS_DOCUMENT);
  if (ca !== undefined) documents.set(LOCAL_TLS_DOCUMENT, ca);
  const files = createStateStore(dir);
  const topFiles = createStateStore(top);
  return servePrimaryStore((onChange, onEvent, onReplicaMessage) =>
    createPrimaryStore({ documents, onChange, onEvent, onReplicaMessage, onEvictWindows: evictionNotice(options.logger, 'the rate-limit windows', `${MAX_WINDOWS} clients`), save: (name, text) => (name === LOCAL_TLS_DOCUMENT ? topFiles : files).write(name, JSON.parse(text)) }),
  );
}

async function runPrimary(options: ReplicaOptions): Promise<void> {
  const { workers, stateDir, urlsFile, logger } = options;
  process.env[ADMIN_TOKEN_ENV] ??= generateAdminToken();
  const served = options.store ? undefined : primaryStore(options);
  const running = new Set<Worker>();
  let stopping = false;

  const fork = (): Promise<WorkerMessage> => {
    const worker = cluster.fork();
    const client = String(worker.id);
    served?.attach(client, worker as never);
    running.add(worker);
    let ready = false;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`worker ${worker.id} was not ready within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
      worker.on('message', (message: WorkerMessage) => {
        if (message?.fedlab !== 'ready') return;
        clearTimeout(timer);
        ready = true;
        resolve(message);
      });
      worker.once('exit', (code, signal) => {
        clearTimeout(timer);
        running.delete(worker);
        served?.detach(client);
        if (!ready) return reject(new Error(`worker ${worker.id} exited (${signal ?? code}) before it was ready`));
        if (stopping) return;
        // A crash, not a change to share: the replacement joins the same store.
        logger.error({ worker: worker.id, code, signal }, 'worker died; starting a replacement');
        fork().catch((error: unknown) => logger.error({ err: error }, 'replacement worker failed'));
      });
    });
  };

  const stop = (worker: Worker): Promise<void> =>
    new Promise((resolve) => {
      if (worker.isDead()) return resolve();
      worker.once('exit', () => resolve());
      worker.process.kill('SIGTERM');
    });

  exitOnSignals({
    logger,
    close: async () => {
      stopping = true;
      await Promise.all([...running].map(stop));
    },
    // No worker outlives a forced exit of the primary.
    force: () => {
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
    },
  });

  // The start lock orders them: the first creates keys, CA and issuer ids, the others load them.
  const [first] = await Promise.all(Array.from({ length: workers }, fork));
  const { urls, banner } = first!;
  writeFileSync(join(stateDir, 'urls.json'), JSON.stringify(urls, null, 2) + '\n');
  if (urlsFile) writeFileSync(urlsFile, JSON.stringify(urls, null, 2) + '\n');
  const pids = [...running].map((worker) => worker.process.pid).join(', ');
  const where = options.store ? redisLocation(options.store) : PRIMARY_STORE_LOCATION;
  process.stdout.write(banner.replace(/\nfedlab ready$/, `\n  workers                ${workers} replicas (node:cluster, pids ${pids}), shared store ${where}\nfedlab ready`) + '\n');
}
