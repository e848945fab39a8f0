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

export function createTraceLog(capacity = 200): TraceLog {
  const entries = new Map<string, TraceEntry>();
  return {
    add(entry) {
      const key = entry.correlationId.toLowerCase();
      entries.delete(key);
      entries.set(key, entry);
      if (entries.size > capacity) entries.delete(entries.keys().next().value!);
    },
    get: (correlationId) => entries.get(correlationId.toLowerCase()),
  };
}
