/**
 * Validation steps as data: an ordered list of named checks. The runner stops at the first
 * failure and returns a trace that errors, log lines and the console can all show.
 */
export interface Check<C> {
  readonly name: string;
  run(ctx: C): void | Promise<void>;
}

/** Thrown by a check to reject the request; anything else is a bug and propagates. */
export class CheckFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'CheckFailure';
  }
}

export type CheckOutcome = 'passed' | 'failed' | 'not-run';

export interface CheckRecord {
  check: string;
  outcome: CheckOutcome;
  code?: string;
  message?: string;
}

export interface CheckRun {
  ok: boolean;
  trace: CheckRecord[];
  failedCheck?: string;
  failure?: CheckFailure;
}

export async function runChecks<C>(checks: readonly Check<C>[], ctx: C): Promise<CheckRun> {
  const trace: CheckRecord[] = [];
  for (let i = 0; i < checks.length; i++) {
    const check = checks[i]!;
    try {
      // Most checks are synchronous: awaiting only real promises saves a microtask per check.
      const pending = check.run(ctx);
      if (pending) await pending;
      trace.push({ check: check.name, outcome: 'passed' });
    } catch (error) {
      if (!(error instanceof CheckFailure)) throw error;
      trace.push({ check: check.name, outcome: 'failed', code: error.code, message: error.message });
      for (const rest of checks.slice(i + 1)) trace.push({ check: rest.name, outcome: 'not-run' });
      return { ok: false, trace, failedCheck: check.name, failure: error };
    }
  }
  return { ok: true, trace };
}
