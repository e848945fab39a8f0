/**
 * One CloudTrail management event, shaped as AWS records it (record contents, version 1.11).
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
 */
export interface TrailEvent {
  eventVersion: string;
  userIdentity: Record<string, unknown>;
  eventTime: string;
  eventSource: string;
  eventName: string;
  awsRegion: string;
  sourceIPAddress: string;
  userAgent: string;
  errorCode?: string;
  errorMessage?: string;
  requestParameters: Record<string, unknown> | null;
  responseElements: Record<string, unknown> | null;
  additionalEventData?: Record<string, unknown>;
  requestID: string;
  eventID: string;
  readOnly: boolean;
  resources?: { accountId: string; type: string; ARN: string }[];
  eventType: 'AwsApiCall';
  managementEvent: true;
  recipientAccountId: string;
  eventCategory: 'Management';
}

/** What an action adds to its event beyond what the dispatcher knows (filled while it runs). */
export interface AuditNote {
  /** Merged over the parameters read from the request (e.g. a web identity token's id). */
  requestParameters?: Record<string, unknown>;
  responseElements?: Record<string, unknown>;
  additionalEventData?: Record<string, unknown>;
  resources?: { accountId: string; type: string; ARN: string }[];
  /** For unsigned calls: who the request says it is (a web identity). */
  userIdentity?: Record<string, unknown>;
  /** For unsigned calls: the account that owns the event (the role's). */
  recipientAccountId?: string;
}

/** The fields LookupEvents can filter on, as they are read from an event. */
export function lookupFields(event: TrailEvent): Record<string, string | undefined> {
  const identity = event.userIdentity;
  return {
    EventId: event.eventID,
    EventName: event.eventName,
    EventSource: event.eventSource,
    ReadOnly: String(event.readOnly),
    AccessKeyId: identity.accessKeyId as string | undefined,
    Username: lookupUsername(event),
  };
}

/** LookupEvents' Username: a user's name, a role session's name, a web identity's subject. */
export function lookupUsername(event: TrailEvent): string | undefined {
  const identity = event.userIdentity;
  if (identity.type === 'AssumedRole') return String(identity.arn).split('/').pop();
  return identity.userName as string | undefined;
}
