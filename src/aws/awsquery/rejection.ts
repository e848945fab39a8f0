import { runChecks, type Check, type CheckFailure } from '../../core/checks.js';
import type { KnownPrincipal } from '../accounts/directory.js';
import type { AwsRuntime } from '../runtime.js';

/** A request refused by a named check (several names when model constraints are reported together). */
export class Rejection extends Error {
  constructor(
    readonly failure: CheckFailure,
    readonly failedChecks: string[],
  ) {
    super(failure.message);
    this.name = 'Rejection';
  }
}

/** Run the checks in order; the first failure becomes a Rejection naming the check. */
export async function enforceChecks<C>(checks: readonly Check<C>[], ctx: C): Promise<void> {
  const run = await runChecks(checks, ctx);
  if (run.ok) return;
  const inner = run.failure!.extra.failedChecks;
  throw new Rejection(run.failure!, Array.isArray(inner) ? (inner as string[]) : [run.failedCheck!]);
}

/** A refusal on the event bus (`<service>-rejected`) and in the log, whatever protocol answers it. */
export function announceRejection(party: AwsRuntime, service: string, requestId: string, rejection: Rejection, action: string | null, caller?: KnownPrincipal): void {
  const { failure, failedChecks } = rejection;
  party.ctx.events.publish({
    party: 'aws',
    type: `${service}-rejected`,
    action,
    code: failure.code,
    failedCheck: failedChecks[0],
    failedChecks,
    requestId,
    // What the deciding check adds for the console, audit and the labs (an authorization's layer and statement).
    ...(failure.extra.event as Record<string, unknown> | undefined),
    ...(caller ? { accountId: caller.account.id, principal: caller.principal.arn } : {}),
  });
  party.ctx.logger.info({ requestId, action, code: failure.code, failedChecks }, `${action ?? 'request'} rejected: ${failure.code}`);
}

/** A refusal that tells the client when to try again (a lost replica store) says so in `Retry-After`. */
export function retryAfter(res: { setHeader(name: string, value: string): unknown }, rejection: Rejection): void {
  const seconds = rejection.failure.extra.retryAfterSeconds;
  if (typeof seconds === 'number') res.setHeader('Retry-After', String(seconds));
}
