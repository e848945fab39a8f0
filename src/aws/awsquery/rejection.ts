import { runChecks, type Check, type CheckFailure } from '../../core/checks.js';

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
