import type { KnownPrincipal } from '../accounts/directory.js';
import type { AuditNote } from '../cloudtrail/trail-event.js';
import type { AwsRuntime } from '../runtime.js';

/** A service fedlab answers in AWS JSON 1.1 on its one endpoint, routed by `X-Amz-Target`. */
export interface JsonService {
  /** SigV4 signing name, and `<name>.amazonaws.com` is its CloudTrail eventSource. */
  readonly name: string;
  /**
   * Target prefixes: the SDK for JS sends the short one (`CloudTrail_20131101`), botocore and the
   * AWS CLI the model's full one (`com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101`).
   */
  readonly targetPrefixes: readonly string[];
  /** The model is awsQueryCompatible: errors also carry `x-amzn-query-error: <code>;Sender`. */
  readonly queryCompatible?: boolean;
}

/** One authenticated JSON 1.1 call, as an operation module sees it. */
export interface JsonCall {
  readonly party: AwsRuntime;
  readonly requestId: string;
  /** The request body's JSON object. */
  readonly input: Record<string, unknown>;
  readonly caller: KnownPrincipal;
  readonly region: string;
  readonly secureTransport: boolean;
  readonly audit: AuditNote;
}

/** One JSON 1.1 operation: its name, its service, and what it answers (the response object). */
export interface JsonOperation {
  readonly name: string;
  readonly service: JsonService;
  /** CloudTrail's readOnly for this operation's events. */
  readonly readOnly: boolean;
  handle(call: JsonCall): Promise<Record<string, unknown>>;
}

/** Target → operation, for every prefix of each operation's service. */
export function operationsByTarget(operations: readonly JsonOperation[]): ReadonlyMap<string, JsonOperation> {
  return new Map(operations.flatMap((op) => op.service.targetPrefixes.map((prefix) => [`${prefix}.${op.name}`, op] as const)));
}
