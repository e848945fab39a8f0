import autocannon, { type AutocannonOptions, type AutocannonResult } from 'autocannon';
import { processTreeCpuMs } from './process-cpu.js';
import type { LoadRequest } from './target.js';

export interface LoadSettings {
  connections: number;
  /** Measured seconds; ignored when `amount` is set. */
  durationSeconds: number;
  /** Seconds of the same load before measuring, thrown away (JIT, connection set-up, caches). */
  warmupSeconds: number;
  /** Stop after this many requests instead of after a duration (memory benchmark). */
  amount?: number;
}

export interface LoadSummary {
  requestsPerSecond: number;
  latencyMs: { average: number; p50: number; p90: number; p99: number; max: number };
  requests: number;
  ok2xx: number;
  non2xx: number;
  /** Connection errors and timeouts (autocannon counts timeouts among errors). */
  errors: number;
  timeouts: number;
  durationSeconds: number;
  statusCodes: Record<string, number>;
  /**
   * The server's CPU time (every thread, worker processes included) per request during the
   * measured seconds, in µs. Steadier than req/s on a shared machine: it does not depend on how
   * much CPU the server got, only on what each request cost it.
   */
  serverCpuUsPerRequest?: number;
}

// `host` stays in the headers on purpose: autocannon then sends the signed value as is.
function autocannonOptions(request: LoadRequest, settings: LoadSettings, seconds: number): AutocannonOptions {
  const { currentHeaders } = request;
  return {
    url: request.url,
    method: 'POST',
    headers: request.headers,
    body: request.body,
    connections: settings.connections,
    ...(settings.amount ? { amount: settings.amount } : { duration: seconds }),
    ...(request.ca ? { tlsOptions: { ca: request.ca } } : {}),
    ...(currentHeaders ? { requests: [{ setupRequest: (req) => ({ ...req, headers: currentHeaders() }) }] } : {}),
  };
}

function summarise(result: AutocannonResult): LoadSummary {
  return {
    requestsPerSecond: Math.round(result.requests.total / result.duration),
    latencyMs: { average: result.latency.average, p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
    requests: result.requests.total,
    ok2xx: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    durationSeconds: result.duration,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, stat]) => [code, stat.count])),
  };
}

const middle = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;

/**
 * Several measurements of one target as one summary: the median of the rates and of each
 * latency figure (the lower middle for an even count), the sums of the counts.
 */
export function combineRounds(runs: LoadSummary[]): LoadSummary {
  const sum = (pick: (run: LoadSummary) => number) => runs.reduce((total, run) => total + pick(run), 0);
  const statusCodes: Record<string, number> = {};
  for (const run of runs) for (const [code, count] of Object.entries(run.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + count;
  const latency = (key: keyof LoadSummary['latencyMs']) => middle(runs.map((run) => run.latencyMs[key]));
  return {
    requestsPerSecond: middle(runs.map((run) => run.requestsPerSecond)),
    ...(runs.every((run) => run.serverCpuUsPerRequest !== undefined) ? { serverCpuUsPerRequest: middle(runs.map((run) => run.serverCpuUsPerRequest!)) } : {}),
    latencyMs: { average: latency('average'), p50: latency('p50'), p90: latency('p90'), p99: latency('p99'), max: Math.max(...runs.map((run) => run.latencyMs.max)) },
    requests: sum((run) => run.requests),
    ok2xx: sum((run) => run.ok2xx),
    non2xx: sum((run) => run.non2xx),
    errors: sum((run) => run.errors),
    timeouts: sum((run) => run.timeouts),
    durationSeconds: Math.round(sum((run) => run.durationSeconds) * 100) / 100,
    statusCodes,
  };
}

/** Warm up, then measure: autocannon against one request, on loopback. */
export async function measureLoad(request: LoadRequest, settings: LoadSettings): Promise<LoadSummary> {
  if (settings.warmupSeconds > 0) await autocannon(autocannonOptions(request, { ...settings, amount: undefined }, settings.warmupSeconds));
  const cpuBefore = request.serverPid ? processTreeCpuMs(request.serverPid) : undefined;
  const summary = summarise(await autocannon(autocannonOptions(request, settings, settings.durationSeconds)));
  const cpuAfter = request.serverPid ? processTreeCpuMs(request.serverPid) : undefined;
  if (cpuBefore === undefined || cpuAfter === undefined || summary.requests === 0) return summary;
  return { ...summary, serverCpuUsPerRequest: Math.round(((cpuAfter - cpuBefore) * 1000) / summary.requests) };
}
