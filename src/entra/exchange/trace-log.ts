import type { EvictionNotice } from '../../core/bounds/eviction-notice.js';
import { truncateFields } from '../../core/bounds/truncate-fields.js';
import type { CheckRecord } from '../../core/checks.js';

export interface TraceEntry {
  correlationId: string;
  traceId: string;
  time: string;
  grant: string | undefined;
  outcome: 'accepted' | 'rejected';
  failedCheck?: string;
  code?: number;
  trace: CheckRecord[];
}

/** The last exchanges by correlation id, so a client can ask which checks ran for its request. */
export interface TraceLog {
  add(entry: TraceEntry): void;
  get(correlationId: string): TraceEntry | undefined;
}

export interface TraceLogOptions {
  /** Entries kept (default 200). */
  capacity?: number;
  /** Bytes of JSON kept (default 4 MiB): the oldest entries go first. */
  maxBytes?: number;
  onEvict?: EvictionNotice;
}

/** Bounded by count and by bytes (a trace quotes claims an unauthenticated caller chose). */
export function createTraceLog(options: TraceLogOptions = {}): TraceLog {
  const capacity = options.capacity ?? 200;
  const maxBytes = options.maxBytes ?? 4 * 1024 * 1024;
  const entries = new Map<string, { entry: TraceEntry; bytes: number }>();
  let bytes = 0;
  const drop = (key: string) => {
    bytes -= entries.get(key)?.bytes ?? 0;
    entries.delete(key);
  };
  return {
    add(raw) {
      const entry = truncateFields(raw);
      const key = entry.correlationId.toLowerCase();
      drop(key);
      const size = Buffer.byteLength(JSON.stringify(entry));
      entries.set(key, { entry, bytes: size });
      bytes += size;
      if (entries.size > capacity) drop(entries.keys().next().value!);
      let evicted = 0;
      while (entries.size > 1 && bytes > maxBytes) {
        drop(entries.keys().next().value!);
        evicted++;
      }
      if (evicted > 0) options.onEvict?.(evicted);
    },
    get: (correlationId) => entries.get(correlationId.toLowerCase())?.entry,
  };
}
