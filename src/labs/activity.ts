import { eventBytes, type EventBus, type FedlabEvent } from '../core/events.js';
import type { Attendee } from './attendee.js';

/** What the matched federated credential looked like when the exchange happened. */
export interface CredentialFacts {
  hasClaimsExpression: boolean;
}

export interface Activity {
  event: FedlabEvent;
  /** Only on exchange-accepted: the credential as it was at that moment (it may change later). */
  credential?: CredentialFacts;
  /** Published while `fedlab lab reset` restored a starting state for the attendee: never ticks a goal. */
  byReset?: true;
}

/** Looks up a federated credential of an application by name (the live directory). */
export type CredentialLookup = (tenant: string, clientId: string, name: string) => CredentialFacts | undefined;

export interface ActivityLog {
  of(attendeeId: string): readonly Activity[];
  /** Runs a reset for the attendee; what the attendee's account does meanwhile is the reset's doing. */
  resetting<T>(attendeeId: string, reset: () => Promise<T>): Promise<T>;
  close(): void;
}

export interface ActivityLogOptions {
  events: EventBus;
  attribute: (event: FedlabEvent) => Attendee | undefined;
  credential?: CredentialLookup;
  /** Per attendee; the bus's own buffer is shared by the whole room and too short for a course. */
  capacity?: number;
  /** Bytes of events kept per attendee (default 4 MiB): the oldest go first. */
  maxBytes?: number;
}

/** Each attendee's own events, recorded as they are published (and the bus's recent buffer at start). */
export function createActivityLog(options: ActivityLogOptions): ActivityLog {
  const capacity = options.capacity ?? 2000;
  const maxBytes = options.maxBytes ?? 4 * 1024 * 1024;
  const logs = new Map<string, { list: Activity[]; bytes: number }>();
  const resets = new Map<string, number>();
  const record = (event: FedlabEvent) => {
    const attendee = options.attribute(event);
    if (!attendee) return;
    const activity: Activity = { event };
    if (resets.has(attendee.id)) activity.byReset = true;
    if (event.type === 'exchange-accepted' && typeof event.credential === 'string' && options.credential) {
      activity.credential = options.credential(String(event.tenant), String(event.clientId), event.credential);
    }
    let log = logs.get(attendee.id);
    if (!log) logs.set(attendee.id, (log = { list: [], bytes: 0 }));
    log.list.push(activity);
    log.bytes += eventBytes(event);
    // One in, one out: shift() is O(1) in V8 (left-trim), so a full log costs no copy per event.
    while (log.list.length > 1 && (log.list.length > capacity || log.bytes > maxBytes)) log.bytes -= eventBytes(log.list.shift()!.event);
  };
  for (const event of options.events.recent()) record(event);
  const unsubscribe = options.events.subscribe(record);
  return {
    of: (attendeeId) => logs.get(attendeeId)?.list ?? [],
    async resetting(attendeeId, reset) {
      resets.set(attendeeId, (resets.get(attendeeId) ?? 0) + 1);
      try {
        return await reset();
      } finally {
        const left = resets.get(attendeeId)! - 1;
        if (left === 0) resets.delete(attendeeId);
        else resets.set(attendeeId, left);
      }
    },
    close: () => void unsubscribe(),
  };
}
