import { randomUUID } from 'node:crypto';
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
}

export function createEventBus(capacity = 500, now: () => Date = () => new Date()): EventBus {
  const buffer: FedlabEvent[] = [];
  const listeners = new Set<(event: FedlabEvent) => void>();
  return {
    publish(input) {
      // The publisher's object becomes the event (no copy): publishers pass a fresh literal.
      const event = Object.assign(input, { id: randomUUID(), time: now().toISOString() }) as FedlabEvent;
      // Published while serving the console's (or the labs') own request: say so (see request-origin.ts).
      const origin = currentCaller();
      if (origin) event.origin = origin;
      buffer.push(event);
      if (buffer.length > capacity) buffer.shift();
      for (const listener of listeners) listener(event);
      return event;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    recent: () => buffer,
  };
}
