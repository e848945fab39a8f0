import { createTrailStore } from '../../src/aws/cloudtrail/trail-store.js';
import type { TrailEvent } from '../../src/aws/cloudtrail/trail-event.js';

const event = (accountId: string, eventID: string, pad = ''): TrailEvent =>
  ({ eventID, recipientAccountId: accountId, eventName: 'GetCallerIdentity', requestParameters: pad ? { pad } : null, userIdentity: {} }) as unknown as TrailEvent;

test('each account keeps its newest events, by count and by bytes, newest first', () => {
  const store = createTrailStore(3, 10_000);
  for (let i = 1; i <= 5; i++) store.record(event('111122223333', `e${i}`));
  store.record(event('444455556666', 'other'));
  expect(store.events('111122223333').map((e) => e.eventID)).toEqual(['e5', 'e4', 'e3']);
  expect(store.events('444455556666').map((e) => e.eventID)).toEqual(['other']);
  expect(store.events('999999999999')).toEqual([]);
  store.record(event('444455556666', 'big1', 'x'.repeat(6_000)));
  store.record(event('444455556666', 'big2', 'x'.repeat(6_000)));
  expect(store.events('444455556666').map((e) => e.eventID)).toEqual(['big2']);
});
