import type { DemoContext } from '../demo-context.js';
import type { DemoStep } from '../demo-step.js';

interface TraceRecord {
  check: string;
  outcome: 'passed' | 'failed' | 'not-run';
  code?: string;
  message?: string;
}

/** The fake Entra's own record of the checks it ran for this exchange (by correlation id). */
export async function showEntraChecks(ctx: DemoContext): Promise<DemoStep> {
  const base = { id: 'entra-checks' as const, title: 'The checks the fake Entra ran' };
  const url = `${ctx.inputs.entraListener}/_fedlab/traces/${ctx.correlationId}`;
  const response = await ctx.listenerFetch(url);
  if (!response.ok) return { ...base, ok: false, summary: `no trace for correlation id ${ctx.correlationId}`, details: { url, status: response.status }, error: { message: `HTTP ${response.status}` } };
  const { trace } = (await response.json()) as { trace: TraceRecord[] };
  const failed = trace.find((record) => record.outcome === 'failed');
  return {
    ...base,
    ok: !failed,
    summary: failed ? `failed at check '${failed.check}' (${failed.code})` : `all ${trace.length} checks passed`,
    details: { correlationId: ctx.correlationId, trace },
    ...(failed ? { error: { code: failed.code, message: failed.message ?? '', failedCheck: failed.check } } : {}),
  };
}
