/**
 * The embedded store of `fedlab start --workers N` without `--store`: the primary process holds
 * what Redis would (claims, rate-limit windows, documents, the start lock, the configuration) and
 * the workers reach it over cluster IPC (cluster-store.ts). One process answers every call in
 * order, so a claim or a window hit is atomic across workers as Redis's SET NX and scripts are.
 * Documents persist through `save` (the state dir) before any other worker hears of the change.
 */
export interface PrimaryStoreOptions {
  /** Every document at start (state-dir file name → JSON text). */
  documents: Map<string, string>;
  /** Keeps a saved document (the state dir's atomic write). */
  save?: (name: string, text: string) => void;
  /** Another worker must hear of a document `origin` saved. */
  onChange: (origin: string, name: string, text: string) => void;
  /** Another worker must hear of an event `origin` published. */
  onEvent?: (origin: string, text: string) => void;
  /** Another worker must hear of a replica message `origin` sent. */
  onReplicaMessage?: (origin: string, text: string) => void;
  nowMs?: () => number;
  /** Rate-limit windows were dropped past MAX_WINDOWS (the log line of an eviction). */
  onEvictWindows?: (count: number) => void;
}

/** Each call names the worker it comes from: the lock and change notices are per worker. */
export type PrimaryStoreCalls = Record<string, (client: string, ...args: never[]) => unknown>;

export interface PrimaryStore {
  calls: PrimaryStoreCalls;
  /** A worker exited: a start lock it held is released. */
  clientGone(client: string): void;
}

/** Expired claims and windows are swept after this many new ones (memory stays bounded). */
const SWEEP_EVERY = 1024;

/**
 * Rate-limit windows tracked at once, as a single process tracks (client-rate-limit.ts): any caller
 * can open one per made-up `client_id`, so past it the oldest are dropped (their clients start afresh).
 */
export const MAX_WINDOWS = 10_000;

export function createPrimaryStore(options: PrimaryStoreOptions): PrimaryStore {
  const now = options.nowMs ?? Date.now;
  const { documents } = options;
  const claims = new Map<string, number>();
  const windows = new Map<string, { startMs: number; count: number; expiresAt: number }>();
  let created = 0;
  const sweep = () => {
    if (++created % SWEEP_EVERY !== 0) return;
    const t = now();
    for (const [key, expiresAt] of claims) if (expiresAt <= t) claims.delete(key);
    for (const [key, window] of windows) if (window.expiresAt <= t) windows.delete(key);
  };
  // The oldest first: windows are kept in the order they opened, so these are the likeliest to have ended.
  const dropWindows = () => {
    let dropped = 0;
    for (const key of windows.keys()) {
      if (windows.size < MAX_WINDOWS) break;
      windows.delete(key);
      dropped++;
    }
    if (dropped > 0) options.onEvictWindows?.(dropped);
  };
  let configuration: string | undefined;
  let holder: string | undefined;
  const waiting: { client: string; grant: () => void }[] = [];
  const release = (client: string) => {
    if (holder !== client) return;
    holder = undefined;
    const next = waiting.shift();
    if (next) {
      holder = next.client;
      next.grant();
    }
  };

  const calls = {
    claimOnce(_client: string, key: string, ttlMs: number): boolean {
      const held = claims.get(key);
      if (held !== undefined && held > now()) return false;
      claims.set(key, now() + Math.max(1, Math.ceil(ttlMs)));
      sweep();
      return true;
    },
    releaseClaim(_client: string, key: string): void {
      claims.delete(key);
    },
    hitWindow(_client: string, key: string, windowMs: number, nowMs: number): { startMs: number; count: number } {
      const window = windows.get(key);
      if (!window || window.expiresAt <= now() || nowMs - window.startMs >= windowMs) {
        if (!window && windows.size >= MAX_WINDOWS) dropWindows();
        windows.set(key, { startMs: Math.floor(nowMs), count: 1, expiresAt: now() + windowMs });
        sweep();
        return { startMs: Math.floor(nowMs), count: 1 };
      }
      window.count += 1;
      return { startMs: window.startMs, count: window.count };
    },
    /** A plain object: what crosses the IPC channel. */
    loadDocuments: (): Record<string, string> => Object.fromEntries(documents),
    saveDocument(client: string, name: string, text: string): void {
      options.save?.(name, text);
      documents.set(name, text);
      options.onChange(client, name, text);
    },
    publishEvent(client: string, text: string): void {
      options.onEvent?.(client, text);
    },
    publishReplicaMessage(client: string, text: string): void {
      options.onReplicaMessage?.(client, text);
    },
    startLock(client: string): Promise<void> | void {
      if (holder === undefined) {
        holder = client;
        return;
      }
      return new Promise<void>((grant) => waiting.push({ client, grant }));
    },
    releaseStartLock: (client: string) => release(client),
    claimConfiguration(_client: string, fingerprint: string): string {
      configuration ??= fingerprint;
      return configuration;
    },
  };
  return {
    calls: calls as unknown as PrimaryStoreCalls,
    clientGone(client) {
      const queued = waiting.findIndex((w) => w.client === client);
      if (queued >= 0) waiting.splice(queued, 1);
      release(client);
    },
  };
}
