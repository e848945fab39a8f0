import { randomUUID } from 'node:crypto';
import type { AwsRuntime } from '../runtime.js';
import { keepEvent } from './record-call.js';

export interface ServiceCall {
  /** The AWS service that made the call on a workload's behalf (`ecs-tasks.amazonaws.com`). */
  invokedBy: string;
  accountId: string;
  region: string;
  eventName: string;
  requestParameters: Record<string, unknown>;
  responseElements: Record<string, unknown>;
  resources?: { accountId: string; type: string; ARN: string }[];
}

/**
 * An STS call an AWS service makes itself (EC2, Lambda, ECS assuming a workload's role): CloudTrail
 * names the service as `userIdentity` (`AWSService`, `invokedBy`), source IP address and user agent.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html
 */
export function recordServiceCall(party: AwsRuntime, call: ServiceCall): void {
  if (!party.directory.byId(call.accountId)) return;
  keepEvent(party, party.ctx.clock.now(), {
    userIdentity: { type: 'AWSService', invokedBy: call.invokedBy },
    eventSource: 'sts.amazonaws.com',
    eventName: call.eventName,
    awsRegion: call.region,
    sourceIPAddress: call.invokedBy,
    userAgent: call.invokedBy,
    requestParameters: call.requestParameters,
    responseElements: call.responseElements,
    requestID: randomUUID(),
    readOnly: true,
    ...(call.resources ? { resources: call.resources } : {}),
    recipientAccountId: call.accountId,
  });
}
