import { randomUUID } from 'node:crypto';
import type { EvictionNotice } from './bounds/eviction-notice.js';
import { truncateFields } from './bounds/truncate-fields.js';
import { currentCaller } from './http/request-origin.js';

/** What happened inside fedlab, for the live log, the console and lab checks. */
export interface FedlabEvent {
  id: string;
  time: string;
  party: string;
  type: string;
  [key: string]: unknown;
}

export type EventInput = Omit<FedlabEvent, 'id' | 'time'>;

export interface EventBus {
  publish(event: EventInput): FedlabEvent;
  subscribe(listener: (event: FedlabEvent) => void): () => void;
  recent(): readonly FedlabEvent[];
  /** How many listeners are subscribed (event streams, activity logs). */
  readonly subscriberCount: number;
  /**
   * `listener` hears only the events other replicas published (`--store`, `--workers`), after they
   * were kept here: how a replica follows runtime control (faults, clock offsets) made on another.
   */
  subscribeReplicas?(listener: (event: FedlabEvent) => void): () => void;
}

/** The bus of one replica (`--store`, `--workers`): other replicas' events come in, its own go out. */
export interface SharedEventBus extends EventBus {
  /** An event another replica published: kept for replay and told to listeners, never forwarded again. */
  receive(event: FedlabEvent): void;
  /** Every event published here from now on also goes to `forward` (the other replicas). */
  forwardTo(forward: (event: FedlabEvent) => void): void;
}

export interface EventBusOptions {
  /** Events kept for replay (default 500). */
  capacity?: number;
  /** Bytes of JSON kept for replay (default 4 MiB): large events push out more old ones. */
  maxBytes?: number;
  now?: () => Date;
  /** Told when old events are dropped because of `maxBytes` (the count bound is the ring's normal turn). */
  onEvict?: EvictionNotice;
}

const DEFAULT_MAX_BYTES = 4 * 1024 * 1024;
const sizes = new WeakMap<FedlabEvent, number>();

/** The event's size as JSON, measured once when it was published. */
export const eventBytes = (event: FedlabEvent): number => sizes.get(event) ?? Buffer.byteLength(JSON.stringify(event));

export function createEventBus(options: EventBusOptions = {}): SharedEventBus {
  const capacity = options.capacity ?? 500;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const now = options.now ?? (() => new Date());
  const buffer: FedlabEvent[] = [];
  let bytes = 0;
  const listeners = new Set<(event: FedlabEvent) => void>();
  const replicaListeners = new Set<(event: FedlabEvent) => void>();
  let forward: ((event: FedlabEvent) => void) | undefined;
  const keep = (event: FedlabEvent) => {
    const size = Buffer.byteLength(JSON.stringify(event));
    sizes.set(event, size);
    buffer.push(event);
    bytes += size;
    if (buffer.length > capacity) bytes -= eventBytes(buffer.shift()!);
    let evicted = 0;
    while (buffer.length > 1 && bytes > maxBytes) {
      bytes -= eventBytes(buffer.shift()!);
      evicted++;
    }
    if (evicted > 0) options.onEvict?.(evicted);
    for (const listener of listeners) listener(event);
  };
  return {
    publish(input) {
      // The publisher's object becomes the event unless a field had to be cut (publishers pass a fresh literal).
      const event = Object.assign(truncateFields(input), { id: randomUUID(), time: now().toISOString() }) as FedlabEvent;
      // Published while serving the console's (or the labs') own request: say so (see request-origin.ts).
      const origin = currentCaller();
      if (origin) event.origin = origin;
      keep(event);
      forward?.(event);
      return event;
    },
    receive(event) {
      keep(event);
      for (const listener of replicaListeners) listener(event);
    },
    forwardTo(next) {
      forward = next;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    subscribeReplicas(listener) {
      replicaListeners.add(listener);
      return () => replicaListeners.delete(listener);
    },
    recent: () => buffer,
    get subscriberCount() {
      return listeners.size;
    },
  };
}
