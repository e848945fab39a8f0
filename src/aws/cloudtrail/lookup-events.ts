import { CheckFailure } from '../../core/checks.js';
import { enforceChecks } from '../awsquery/rejection.js';
import { authorizationCheck } from '../iam/action-authorization.js';
import type { JsonOperation } from '../json/operation.js';
import { encodeNextToken, LOOKUP_CHECKS, newLookupContext, type LookupContext } from './lookup-checks.js';
import { CLOUDTRAIL } from './service.js';
import { lookupFields, lookupUsername, type TrailEvent } from './trail-event.js';

function matches(event: TrailEvent, ctx: LookupContext): boolean {
  const at = Date.parse(event.eventTime);
  if (ctx.startMs !== undefined && at < ctx.startMs) return false;
  if (ctx.endMs !== undefined && at > ctx.endMs) return false;
  const attribute = ctx.attribute;
  if (!attribute) return true;
  if (attribute.key === 'ResourceType') return (event.resources ?? []).some((r) => r.type === attribute.value);
  if (attribute.key === 'ResourceName') return (event.resources ?? []).some((r) => r.ARN === attribute.value);
  return lookupFields(event)[attribute.key] === attribute.value;
}

/** One entry of `Events`: the lookup fields, and the whole record as a JSON string in CloudTrailEvent. */
const eventEntry = (event: TrailEvent) => ({
  EventId: event.eventID,
  EventName: event.eventName,
  ReadOnly: String(event.readOnly),
  ...(event.userIdentity.accessKeyId ? { AccessKeyId: event.userIdentity.accessKeyId } : {}),
  EventTime: Date.parse(event.eventTime) / 1000,
  EventSource: event.eventSource,
  ...(lookupUsername(event) ? { Username: lookupUsername(event) } : {}),
  Resources: (event.resources ?? []).map((r) => ({ ResourceType: r.type, ResourceName: r.ARN })),
  CloudTrailEvent: JSON.stringify(event),
});

/**
 * cloudtrail:LookupEvents — the caller's account's management events, newest first, filtered by
 * one attribute and a time range, in pages of MaxResults (at most 50).
 * https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html
 */
export const lookupEvents: JsonOperation = {
  name: 'LookupEvents',
  service: CLOUDTRAIL,
  readOnly: true,
  async handle(call) {
    const ctx = newLookupContext(call.input);
    await enforceChecks([authorizationCheck<LookupContext>(call, 'cloudtrail:LookupEvents'), ...LOOKUP_CHECKS], ctx);
    const found = ctx.insights ? [] : call.party.trail.events(call.caller.account.id).filter((e) => matches(e, ctx));
    let start = 0;
    if (ctx.after !== undefined) {
      start = found.findIndex((e) => e.eventID === ctx.after);
      // The event the token points at has left the bounded history.
      if (start < 0) await enforceChecks([{ name: 'next-token', run: () => { throw new CheckFailure('InvalidNextTokenException', 'The token has expired.', 400); } }], ctx);
    }
    const page = found.slice(start, start + ctx.maxResults);
    // For the console and the labs: somebody read the account's history (what they looked for, not what they found).
    call.party.ctx.events.publish({
      party: 'aws',
      type: 'trail-looked-up',
      accountId: call.caller.account.id,
      principal: call.caller.principal.arn,
      ...(ctx.attribute ? { attributeKey: ctx.attribute.key, attributeValue: ctx.attribute.value } : {}),
      returned: page.length,
      requestId: call.requestId,
    });
    const next = found[start + ctx.maxResults];
    return { Events: page.map(eventEntry), ...(next ? { NextToken: encodeNextToken(ctx.fingerprint!, next.eventID) } : {}) };
  },
};
