import type { AwsRuntime } from '../runtime.js';
import type { TrailEvent } from './trail-event.js';

/**
 * Replicas of one fedlab (`--store`, `--workers`) keep one CloudTrail history: the records other
 * replicas kept arrive on the shared bus (`cloudtrail-event` carries the record) and join this
 * replica's history, so `LookupEvents` on any replica finds every replica's calls. A record's
 * fields longer than the bus keeps (2,048 characters, e.g. a long policy document) arrive cut.
 */
export function followReplicaTrail(party: AwsRuntime): void {
  party.ctx.events.subscribeReplicas?.((event) => {
    if (event.party !== 'aws' || event.type !== 'cloudtrail-event') return;
    const record = event.record as TrailEvent | undefined;
    if (record && typeof record.recipientAccountId === 'string' && typeof record.eventID === 'string') party.trail.record(record);
  });
}
