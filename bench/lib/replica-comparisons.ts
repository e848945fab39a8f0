import type { Comparison, MeasuredTarget } from './comparisons.js';

/** The goal for the shared store: at most 10 % more server CPU per exchange than the embedded store. */
export const STORE_CPU_GOAL = 1.1;

/**
 * `--replicas`: for each fedlab target, the throughput of N replicas on Redis against one replica
 * on Redis (what adding replicas buys on this machine), and the server CPU per request of one
 * replica on Redis against the embedded store (what the store round trips cost; Redis's own CPU
 * is counted, as it runs under the server's process tree). Target ids are `<target> · <variant>`.
 */
export function compareReplicas(measured: MeasuredTarget[], variants: string[], embedded: string): Comparison[] {
  const byId = new Map(measured.map((m) => [m.id, m.load]));
  const bases = [...new Set(measured.map((m) => m.id.split(' · ')[0]!))];
  const comparisons: Comparison[] = [];
  const round = (value: number) => Math.round(value * 100) / 100;
  for (const base of bases) {
    const local = byId.get(`${base} · ${embedded}`);
    const [first, ...more] = variants.map((variant) => ({ variant, load: byId.get(`${base} · ${variant}`) }));
    if (local && first?.load && local.serverCpuUsPerRequest && first.load.serverCpuUsPerRequest) {
      const ratio = round(first.load.serverCpuUsPerRequest / local.serverCpuUsPerRequest);
      comparisons.push({ name: `${base}: ${first.variant} / ${embedded}`, metric: 'cpu per request', ratio, goal: { text: `≤ ${STORE_CPU_GOAL} × the embedded store's CPU per request`, holds: ratio <= STORE_CPU_GOAL } });
    }
    if (local && first?.load) comparisons.push({ name: `${base}: ${first.variant} / ${embedded}`, metric: 'throughput', ratio: round(first.load.requestsPerSecond / local.requestsPerSecond) });
    for (const other of more) {
      if (first?.load && other.load) comparisons.push({ name: `${base}: ${other.variant} / ${first.variant}`, metric: 'throughput', ratio: round(other.load.requestsPerSecond / first.load.requestsPerSecond) });
    }
  }
  return comparisons;
}
