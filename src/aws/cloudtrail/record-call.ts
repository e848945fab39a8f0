import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import type { KnownPrincipal } from '../accounts/directory.js';
import type { Rejection } from '../awsquery/rejection.js';
import type { AwsRuntime } from '../runtime.js';
import type { AuditNote, TrailEvent } from './trail-event.js';
import { userIdentityOf } from './user-identity.js';

/** What a dispatcher knows of one call once it is answered. */
export interface AnsweredCall {
  readonly req: Request;
  readonly requestId: string;
  /** The signing name: `<service>.amazonaws.com` is the event source. */
  readonly service: string;
  readonly eventName: string;
  readonly region: string;
  readonly readOnly: boolean;
  /** The authenticated caller; absent for an unsigned call (its action names the identity in `audit`). */
  readonly caller?: KnownPrincipal;
  readonly accessKeyId?: string;
  readonly requestParameters: Record<string, unknown> | null;
  readonly audit: AuditNote;
  readonly error?: Rejection;
}

const CURRENT_EVENT_VERSION = '1.11';

/** CloudTrail writes times to the second: `2026-12-03T19:53:27Z`. */
const eventTime = (at: Date) => at.toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * The call's CloudTrail event, kept in its account's history; a refusal has errorCode and
 * errorMessage and no responseElements. An unsigned call is recorded in the account its action
 * names (AssumeRoleWithWebIdentity: the role's), or not at all when fedlab has no such account.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
 */
export function recordCall(party: AwsRuntime, call: AnsweredCall): void {
  const { audit, caller } = call;
  const recipientAccountId = audit.recipientAccountId ?? caller?.account.id;
  if (!recipientAccountId || !party.directory.byId(recipientAccountId)) return;
  const at = party.ctx.clock.now();
  const failure = call.error?.failure;
  keepEvent(party, at, {
    userIdentity: audit.userIdentity ?? (caller ? userIdentityOf(caller, call.accessKeyId!, at) : { type: 'Unknown' }),
    eventSource: `${call.service}.amazonaws.com`,
    eventName: call.eventName,
    awsRegion: call.region,
    sourceIPAddress: (call.req.socket.remoteAddress ?? '').replace(/^::ffff:/, ''),
    userAgent: call.req.headers['user-agent'] ?? '',
    ...(failure ? { errorCode: failure.code, errorMessage: failure.message } : {}),
    requestParameters: audit.requestParameters ? { ...call.requestParameters, ...audit.requestParameters } : call.requestParameters,
    responseElements: failure ? null : (audit.responseElements ?? null),
    ...(audit.additionalEventData ? { additionalEventData: audit.additionalEventData } : {}),
    requestID: call.requestId,
    readOnly: call.readOnly,
    ...(audit.resources ? { resources: audit.resources } : {}),
    recipientAccountId,
  });
}

type EventFields = Omit<TrailEvent, 'eventVersion' | 'eventTime' | 'eventID' | 'eventType' | 'managementEvent' | 'eventCategory'>;

/** Completes a management event (version, time, id, category), keeps it in its account's history and announces it. */
export function keepEvent(party: AwsRuntime, at: Date, fields: EventFields): void {
  const { userIdentity, requestID, readOnly, resources, recipientAccountId, ...call } = fields;
  // The order CloudTrail writes its fields in.
  const event: TrailEvent = {
    eventVersion: CURRENT_EVENT_VERSION,
    userIdentity,
    eventTime: eventTime(at),
    ...call,
    requestID,
    eventID: randomUUID(),
    readOnly,
    ...(resources ? { resources } : {}),
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId,
    eventCategory: 'Management',
  };
  party.trail.record(event);
  announceRecord(party, event);
}

/**
 * The record on fedlab's event bus (`cloudtrail-event`), so that the console's Live log and the
 * labs see it the moment CloudTrail keeps it: the fields a reader scans for, and the record itself
 * (no secret or session token is ever in it).
 */
function announceRecord(party: AwsRuntime, record: TrailEvent): void {
  const identity = record.userIdentity;
  const tokenId = (record.responseElements?.webIdentityTokenId ?? record.requestParameters?.webIdentityTokenId) as string | undefined;
  party.ctx.events.publish({
    party: 'aws',
    type: 'cloudtrail-event',
    accountId: record.recipientAccountId,
    eventName: record.eventName,
    eventSource: record.eventSource,
    // userIdentity.type and .arn (a web identity has no ARN: its userName is the token's subject).
    identityType: identity.type,
    ...(identity.arn ? { identityArn: identity.arn } : {}),
    ...(identity.userName && !identity.arn ? { identityName: identity.userName } : {}),
    ...(record.errorCode ? { errorCode: record.errorCode, errorMessage: record.errorMessage } : {}),
    ...(tokenId ? { webIdentityTokenId: tokenId } : {}),
    eventID: record.eventID,
    requestId: record.requestID,
    record,
  });
}
