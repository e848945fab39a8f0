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
   * `where` names the request for the log line and the event. With replicas, a counted fault's hits
   * are counted once for all of them in the shared store, hence the promise.
   */
  consume(matches: (spec: S) => boolean, where: Record<string, unknown>): Promise<Fault<S> | undefined>;
}

/** How long a counted fault's hits are counted in the shared store (a fault lives far shorter). */
const HIT_COUNT_WINDOW_MS = 365 * 24 * 3600 * 1000;

/**
 * One listener's injected faults. Injections, hits and clearings are logged and published, so a
 * failure a test provoked is never mistaken for a real one. Replicas of one fedlab (`--store`,
 * `--workers`) follow each other's injections and clearings from the shared event bus, so a fault
 * injected on one replica is acted out by whichever replica the request reaches.
 */
export function createFaultRegistry<S extends FaultSpecBase>(party: string, ctx: Pick<PartyContext, 'events' | 'logger' | 'clock' | 'sharedStore'>): FaultRegistry<S> {
  const faults: Fault<S>[] = [];

  const drop = (fault: Fault<S>, reason: 'cleared' | 'exhausted') => {
    faults.splice(faults.indexOf(fault), 1);
    ctx.events.publish({ party, type: 'fault-cleared', faultId: fault.id, reason, fault });
    ctx.logger.info({ fault, reason }, `fault ${fault.id} ${reason}`);
  };

  ctx.events.subscribeReplicas?.((event) => {
    if (event.party !== party) return;
    const held = faults.find((f) => f.id === event.faultId);
    if (event.type === 'fault-injected' && !held) faults.push({ ...(event.fault as Fault<S>) });
    if (event.type === 'fault-cleared' && held) faults.splice(faults.indexOf(held), 1);
    if (event.type === 'fault-triggered' && held && typeof event.remaining === 'number' && (held.remaining === null || event.remaining < held.remaining)) held.remaining = event.remaining;
  });

  /**
   * What is left of a counted fault after one more hit by any replica (the shared store's atomic
   * counter); below zero, other replicas used up its hits meanwhile. Undefined: count it here alone.
   */
  const countSharedHit = async (fault: Fault<S>): Promise<number | undefined> => {
    if (!ctx.sharedStore) return undefined;
    try {
      const { count } = await ctx.sharedStore.hitWindow(`fault:${fault.id}`, HIT_COUNT_WINDOW_MS, Date.now());
      return fault.count! - count;
    } catch (error) {
      ctx.logger.warn({ faultId: fault.id, err: (error as Error).message }, 'fault hit counted on this replica only: the shared store is unavailable');
      return undefined;
    }
  };

  const consume: FaultRegistry<S>['consume'] = async (matches, where) => {
    const fault = faults.find((f) => matches(f));
    if (!fault) return undefined;
    if (fault.remaining !== null) {
      const shared = ctx.sharedStore ? await countSharedHit(fault) : undefined;
      // The local count is read and written with no await in between: concurrent requests never share a hit.
      const remaining = shared === undefined ? fault.remaining - 1 : Math.min(fault.remaining, shared);
      if (remaining < 0) {
        if (faults.includes(fault)) faults.splice(faults.indexOf(fault), 1);
        return consume(matches, where);
      }
      fault.remaining = remaining;
    }
    const hit = { ...fault };
    ctx.events.publish({ party, type: 'fault-triggered', faultId: fault.id, remaining: fault.remaining, ...where });
    ctx.logger.warn({ faultId: fault.id, remaining: fault.remaining, ...where }, `fault triggered: ${describe(fault)}`);
    if (fault.remaining === 0 && faults.includes(fault)) drop(fault, 'exhausted');
    return hit;
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
    consume,
  };
}

function describe(fault: Fault<FaultSpecBase>): string {
  const { id: _id, party: _party, remaining, createdAt: _createdAt, count: _count, ...spec } = fault;
  const what = Object.entries(spec).map(([k, v]) => `${k}=${String(v)}`).join(' ');
  return `${what} (${remaining === null ? 'until cleared' : `${remaining} left`})`;
}
