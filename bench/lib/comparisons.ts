import type { LoadSummary } from './load.js';

export interface MeasuredTarget {
  id: string;
  load: LoadSummary;
}

export interface Comparison {
  /** e.g. "fedlab exchange RS256 / floor exchange RS256". */
  name: string;
  /** `cpu per request`: the floor's server CPU per request over fedlab's, the throughput a CPU-bound server can reach relative to the floor. */
  metric: 'throughput' | 'p99' | 'cpu per request';
  ratio: number;
  /** The goal this ratio is held to, when there is one. */
  goal?: { text: string; holds: boolean };
}

/**
 * Which fedlab target is held to which peer and floor target. The plain-HTTP floor is the issue's
 * reference; the HTTPS floor (same certificate kind as fedlab's Entra) is an extra, fairer
 * comparison that isolates fedlab's own overhead from the price of TLS.
 */
const PAIRS: { fedlab: string; floor: string; peer: boolean }[] = [
  { fedlab: 'fedlab exchange RS256', floor: 'floor exchange RS256', peer: true },
  { fedlab: 'fedlab exchange ES384', floor: 'floor exchange ES384', peer: true },
  { fedlab: 'fedlab RFC 8693 RS256', floor: 'floor exchange RS256', peer: true },
  { fedlab: 'fedlab exchange RS256', floor: 'floor exchange RS256 HTTPS', peer: false },
  { fedlab: 'fedlab exchange ES384', floor: 'floor exchange ES384 HTTPS', peer: false },
  { fedlab: 'fedlab RFC 8693 RS256', floor: 'floor exchange RS256 HTTPS', peer: false },
];
const PEER = 'peer oauth2-mock-server';

export const GOALS = {
  throughputVsFloor: 0.9,
  throughputVsPeer: 1.0,
  p99VsFloor: 2.0,
};

const round = (value: number) => Math.round(value * 100) / 100;

/**
 * The targets: exchange throughput ≥ 0.9 × floor and ≥ 1.0 × oauth2-mock-server, p99 ≤
 * 2 × floor p99. Reported, never enforced. Pairs with a side not measured are left out.
 */
export function compare(measured: MeasuredTarget[]): Comparison[] {
  const byId = new Map(measured.map((m) => [m.id, m.load]));
  const comparisons: Comparison[] = [];
  const peer = byId.get(PEER);
  for (const pair of PAIRS) {
    const fedlab = byId.get(pair.fedlab);
    if (!fedlab) continue;
    if (peer && pair.peer) {
      const ratio = round(fedlab.requestsPerSecond / peer.requestsPerSecond);
      comparisons.push({ name: `${pair.fedlab} / ${PEER}`, metric: 'throughput', ratio, goal: { text: `≥ ${GOALS.throughputVsPeer}`, holds: ratio >= GOALS.throughputVsPeer } });
    }
    const floor = byId.get(pair.floor);
    if (!floor) continue;
    const throughput = round(fedlab.requestsPerSecond / floor.requestsPerSecond);
    comparisons.push({ name: `${pair.fedlab} / ${pair.floor}`, metric: 'throughput', ratio: throughput, goal: { text: `≥ ${GOALS.throughputVsFloor}`, holds: throughput >= GOALS.throughputVsFloor } });
    // autocannon's latencies are whole milliseconds: a 0 ms floor p99 counts as 1 ms.
    const p99 = round(fedlab.latencyMs.p99 / Math.max(floor.latencyMs.p99, 1));
    comparisons.push({ name: `${pair.fedlab} / ${pair.floor}`, metric: 'p99', ratio: p99, goal: { text: `≤ ${GOALS.p99VsFloor}`, holds: p99 <= GOALS.p99VsFloor } });
    if (fedlab.serverCpuUsPerRequest && floor.serverCpuUsPerRequest) {
      comparisons.push({ name: `${pair.fedlab} / ${pair.floor}`, metric: 'cpu per request', ratio: round(floor.serverCpuUsPerRequest / fedlab.serverCpuUsPerRequest) });
    }
  }
  return comparisons;
}
