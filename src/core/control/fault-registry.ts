import { randomUUID } from 'node:crypto';
import type { PartyContext } from '../party-context.js';

/** What every fault spec may carry: how many requests it hits (absent: until cleared). */
export interface FaultSpecBase {
  count?: number;
}

/** An injected fault, as `GET /_fedlab/faults` lists it. */
export type Fault<S extends FaultSpecBase> = S & {
  id: string;
  party: string;
  /** Requests it will still hit; null until cleared. */
  remaining: number | null;
  createdAt: string;
};

export interface FaultRegistry<S extends FaultSpecBase> {
  readonly party: string;
  inject(spec: S): Fault<S>;
  list(): Fault<S>[];
  /** False when no fault has this id. */
  clear(id: string): boolean;
  clearAll(): number;
  /**
   * The oldest fault this request matches, counted down (and dropped at zero). The caller acts it out.
   * `where` names the request for the log line and the event.
   */
  consume(matches: (spec: S) => boolean, where: Record<string, unknown>): Fault<S> | undefined;
}

/**
 * One listener's injected faults. Injections, hits and clearings are logged and published, so a
 * failure a test provoked is never mistaken for a real one.
 */
export function createFaultRegistry<S extends FaultSpecBase>(party: string, ctx: Pick<PartyContext, 'events' | 'logger' | 'clock'>): FaultRegistry<S> {
  const faults: Fault<S>[] = [];

  const drop = (fault: Fault<S>, reason: 'cleared' | 'exhausted') => {
    faults.splice(faults.indexOf(fault), 1);
    ctx.events.publish({ party, type: 'fault-cleared', faultId: fault.id, reason, fault });
    ctx.logger.info({ fault, reason }, `fault ${fault.id} ${reason}`);
  };

  return {
    party,
    inject(spec) {
      const fault = { ...spec, id: randomUUID(), party, remaining: spec.count ?? null, createdAt: ctx.clock.now().toISOString() } as Fault<S>;
      faults.push(fault);
      ctx.events.publish({ party, type: 'fault-injected', faultId: fault.id, fault });
      ctx.logger.warn({ fault }, `fault injected: ${describe(fault)}`);
      return { ...fault };
    },
    list: () => faults.map((f) => ({ ...f })),
    clear(id) {
      const fault = faults.find((f) => f.id === id);
      if (fault) drop(fault, 'cleared');
      return fault !== undefined;
    },
    clearAll() {
      const all = [...faults];
      for (const fault of all) drop(fault, 'cleared');
      return all.length;
    },
    consume(matches, where) {
      const fault = faults.find((f) => matches(f));
      if (!fault) return undefined;
      if (fault.remaining !== null) fault.remaining -= 1;
      const hit = { ...fault };
      ctx.events.publish({ party, type: 'fault-triggered', faultId: fault.id, remaining: fault.remaining, ...where });
      ctx.logger.warn({ faultId: fault.id, remaining: fault.remaining, ...where }, `fault triggered: ${describe(fault)}`);
      if (fault.remaining === 0) drop(fault, 'exhausted');
      return hit;
    },
  };
}

function describe(fault: Fault<FaultSpecBase>): string {
  const { id: _id, party: _party, remaining, createdAt: _createdAt, count: _count, ...spec } = fault;
  const what = Object.entries(spec).map(([k, v]) => `${k}=${String(v)}`).join(' ');
  return `${what} (${remaining === null ? 'until cleared' : `${remaining} left`})`;
}
