import type { KnownPrincipal } from '../accounts/directory.js';
import type { AwsRuntime } from '../runtime.js';
import type { AuditNote } from '../cloudtrail/trail-event.js';
import type { QueryService } from './services.js';

/** One awsQuery call before (or without) authentication. */
export interface UnsignedActionCall {
  readonly party: AwsRuntime;
  readonly requestId: string;
  readonly params: URLSearchParams;
  /** What the action adds to the call's CloudTrail event (response elements, a web identity…). */
  readonly audit: AuditNote;
}

/** One authenticated awsQuery call, as an action module sees it. */
export interface ActionCall extends UnsignedActionCall {
  readonly caller: KnownPrincipal;
  /** The SigV4 signing region (STS puts it in the token as source_region). */
  readonly region: string;
  /** The request came over TLS (aws:SecureTransport). */
  readonly secureTransport: boolean;
  /** The Host the client reached (`sts.amazonaws.com` through the proxy is the global endpoint). */
  readonly host?: string;
}

/** One awsQuery operation: its name, its service, and what it does. */
export interface QueryAction {
  readonly name: string;
  readonly service: QueryService;
  /** The members of `<NameResult>` (XML lines), or undefined for an operation without a result. */
  handle(call: ActionCall): Promise<string[] | undefined>;
}

/** An operation AWS serves without SigV4 (AssumeRoleWithWebIdentity): the request carries its own proof. */
export interface UnsignedQueryAction {
  readonly name: string;
  readonly service: QueryService;
  readonly unsigned: true;
  handle(call: UnsignedActionCall): Promise<string[] | undefined>;
}

export type AnyQueryAction = QueryAction | UnsignedQueryAction;

/**
 * What every replica must see: IAM's writes (its reads are the Get and List calls) and STS's new sessions
 * (AssumeRole*). GetWebIdentityToken and GetCallerIdentity change nothing shared.
 */
export function changesSharedState(action: AnyQueryAction): boolean {
  return action.service.name === 'iam' ? !/^(Get|List)/.test(action.name) : /^AssumeRole/.test(action.name);
}
