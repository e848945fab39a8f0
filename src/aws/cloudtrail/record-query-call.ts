import type { Request } from 'express';
import type { KnownPrincipal } from '../accounts/directory.js';
import type { AnyQueryAction } from '../awsquery/action.js';
import type { Rejection } from '../awsquery/rejection.js';
import type { AwsRuntime } from '../runtime.js';
import { recordCall } from './record-call.js';
import { requestParametersOf } from './request-parameters.js';
import type { AuditNote } from './trail-event.js';

export interface QueryCall {
  readonly req: Request;
  readonly requestId: string;
  readonly action: AnyQueryAction;
  readonly params: URLSearchParams;
  readonly audit: AuditNote;
  readonly caller?: KnownPrincipal;
  readonly accessKeyId?: string;
  readonly region?: string;
  readonly error?: Rejection;
}

/** IAM is global: CloudTrail records its calls in us-east-1 whatever region signed them. */
const GLOBAL_REGION = 'us-east-1';

/** An STS or IAM call in CloudTrail: STS events are read-only (AssumeRole included, as AWS marks them), IAM's only for Get and List actions. */
export function recordQueryCall(party: AwsRuntime, call: QueryCall): void {
  const sts = call.action.service.name === 'sts';
  recordCall(party, {
    ...call,
    service: call.action.service.name,
    eventName: call.action.name,
    region: sts ? (call.region ?? GLOBAL_REGION) : GLOBAL_REGION,
    readOnly: sts || /^(Get|List)/.test(call.action.name),
    requestParameters: requestParametersOf(call.params),
  });
}
