import { describe, expect, it } from '@jest/globals';
import { parseThroughputArgs } from '../../bench/lib/args.js';
import { compare } from '../../bench/lib/comparisons.js';
import { compareReplicas } from '../../bench/lib/replica-comparisons.js';
import { combineRounds, type LoadSummary } from '../../bench/lib/load.js';
import { selfTimeTable } from '../../bench/lib/cpu-profile.js';
import { processTreeCpuMs } from '../../bench/lib/process-cpu.js';
import { median, percentile } from '../../bench/lib/stats.js';
import { svgBarChart } from '../../bench/lib/svg-bar-chart.js';
import { textTable } from '../../bench/lib/text-table.js';

function load(requestsPerSecond: number, p99: number): LoadSummary {
  return {
    requestsPerSecond,
    latencyMs: { average: p99 / 2, p50: p99 / 2, p90: p99, p99, max: p99 },
    requests: requestsPerSecond * 10,
    ok2xx: requestsPerSecond * 10,
    non2xx: 0,
    errors: 0,
    timeouts: 0,
    durationSeconds: 10,
    statusCodes: { '200': requestsPerSecond * 10 },
  };
}

describe('bench statistics', () => {
  it('takes nearest-rank percentiles without reordering the input', () => {
    const runs = [40, 10, 30, 20, 50];
    expect(median(runs)).toBe(30);
    expect(percentile(runs, 90)).toBe(50);
    expect(percentile(runs, 0)).toBe(10);
    expect(runs).toEqual([40, 10, 30, 20, 50]);
  });
});

describe('bench comparisons', () => {
  it('holds fedlab to the peer and to the floor of the same subject algorithm', () => {
    const comparisons = compare([
      { id: 'fedlab exchange RS256', load: load(2000, 16) },
      { id: 'fedlab exchange ES384', load: load(900, 40) },
      { id: 'peer oauth2-mock-server', load: load(1600, 20) },
      { id: 'floor exchange RS256', load: load(2100, 10) },
      { id: 'floor exchange ES384', load: load(1500, 18) },
    ]);
    const find = (name: string, metric: string) => comparisons.find((c) => c.name === name && c.metric === metric);
    expect(find('fedlab exchange RS256 / peer oauth2-mock-server', 'throughput')).toMatchObject({ ratio: 1.25, goal: { holds: true } });
    expect(find('fedlab exchange RS256 / floor exchange RS256', 'throughput')).toMatchObject({ ratio: 0.95, goal: { holds: true } });
    expect(find('fedlab exchange RS256 / floor exchange RS256', 'p99')).toMatchObject({ ratio: 1.6, goal: { holds: true } });
    expect(find('fedlab exchange ES384 / floor exchange ES384', 'throughput')).toMatchObject({ ratio: 0.6, goal: { holds: false } });
    expect(find('fedlab exchange ES384 / floor exchange ES384', 'p99')).toMatchObject({ ratio: 2.22, goal: { holds: false } });
    expect(find('fedlab exchange ES384 / peer oauth2-mock-server', 'throughput')).toMatchObject({ ratio: 0.56, goal: { holds: false } });
  });

  it('leaves out pairs with a side that was not measured, and counts a 0 ms floor p99 as 1 ms', () => {
    const comparisons = compare([
      { id: 'fedlab exchange RS256', load: load(2000, 2) },
      { id: 'floor exchange RS256', load: load(2000, 0) },
    ]);
    expect(comparisons.map((c) => `${c.name} ${c.metric}`)).toEqual(['fedlab exchange RS256 / floor exchange RS256 throughput', 'fedlab exchange RS256 / floor exchange RS256 p99']);
    expect(comparisons[1]).toMatchObject({ ratio: 2, goal: { holds: true } });
    expect(compare([{ id: 'floor exchange RS256', load: load(2000, 5) }])).toEqual([]);
  });

  it('compares fedlab with the HTTPS floor as well, next to the plain floor and once with the peer', () => {
    const comparisons = compare([
      { id: 'fedlab exchange RS256', load: load(1000, 40) },
      { id: 'peer oauth2-mock-server', load: load(1600, 20) },
      { id: 'floor exchange RS256', load: load(2500, 10) },
      { id: 'floor exchange RS256 HTTPS', load: load(2000, 16) },
    ]);
    expect(comparisons.map((c) => `${c.name} ${c.metric}`)).toEqual([
      'fedlab exchange RS256 / peer oauth2-mock-server throughput',
      'fedlab exchange RS256 / floor exchange RS256 throughput',
      'fedlab exchange RS256 / floor exchange RS256 p99',
      'fedlab exchange RS256 / floor exchange RS256 HTTPS throughput',
      'fedlab exchange RS256 / floor exchange RS256 HTTPS p99',
    ]);
    expect(comparisons[1]).toMatchObject({ ratio: 0.4, goal: { holds: false } });
    expect(comparisons[3]).toMatchObject({ ratio: 0.5, goal: { holds: false } });
    expect(comparisons[4]).toMatchObject({ ratio: 2.5, goal: { holds: false } });
  });

  it('adds the server CPU per request ratio (floor / fedlab, no goal) when both sides have it', () => {
    const comparisons = compare([
      { id: 'fedlab exchange RS256', load: { ...load(1000, 20), serverCpuUsPerRequest: 500 } },
      { id: 'floor exchange RS256', load: { ...load(2000, 10), serverCpuUsPerRequest: 400 } },
    ]);
    expect(comparisons.find((c) => c.metric === 'cpu per request')).toEqual({ name: 'fedlab exchange RS256 / floor exchange RS256', metric: 'cpu per request', ratio: 0.8 });
    const rounds = combineRounds([{ ...load(10, 1), serverCpuUsPerRequest: 300 }, { ...load(10, 1), serverCpuUsPerRequest: 500 }, { ...load(10, 1), serverCpuUsPerRequest: 400 }]);
    expect(rounds.serverCpuUsPerRequest).toBe(400);
    expect(combineRounds([{ ...load(10, 1), serverCpuUsPerRequest: 300 }, load(10, 1)]).serverCpuUsPerRequest).toBeUndefined();
  });
});

describe('server CPU time', () => {
  it('reads a process tree\'s CPU time from /proc, and it grows with work', () => {
    const before = processTreeCpuMs(process.pid);
    if (before === undefined) return expect(process.platform).not.toBe('linux');
    // Busy until this process has used 200 ms of CPU by its own count, however loaded the machine is.
    const start = process.cpuUsage();
    while ((process.cpuUsage(start).user + process.cpuUsage(start).system) / 1000 < 200);
    expect(processTreeCpuMs(process.pid)! - before).toBeGreaterThanOrEqual(150);
    expect(processTreeCpuMs(2 ** 22 + 1)).toBeUndefined();
  });
});

describe('bench output', () => {
  it('draws bars proportional to the largest value and escapes text', () => {
    const svg = svgBarChart({
      title: 'req/s <&>',
      subtitle: ['one "line"'],
      unit: 'req/s',
      legend: [{ label: 'fedlab', color: '#2f6fb0' }],
      bars: [
        { label: 'a', value: 2000, color: '#2f6fb0', note: 'p99 8 ms' },
        { label: 'b', value: 500, color: '#888888' },
      ],
    });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('req/s &lt;&amp;&gt;');
    expect(svg).toContain('one &quot;line&quot;');
    const widths = [...svg.matchAll(/<rect x="\d+" y="\d+" width="(\d+)" height="18"/g)].map((m) => Number(m[1]));
    expect(widths).toEqual([400, 100]);
    expect(svg).toContain('2,000 req/s · p99 8 ms');
  });

  it('aligns a text table: names left, numbers right', () => {
    expect(textTable(['target', 'req/s'], [['floor', '2,100'], ['fedlab exchange', '950']]).split('\n')).toEqual([
      'target           req/s',
      '---------------  -----',
      'floor            2,100',
      'fedlab exchange    950',
    ]);
  });
});

describe('bench arguments', () => {
  it('defaults to 10 s × 20 connections, and 2 s with --quick', () => {
    expect(parseThroughputArgs([])).toMatchObject({ durationSeconds: 10, connections: 20, warmupSeconds: 2, quick: false, only: [] });
    expect(parseThroughputArgs(['--quick', '--only', 'Floor, peer'])).toMatchObject({ durationSeconds: 2, warmupSeconds: 0.5, only: ['floor', 'peer'] });
    expect(parseThroughputArgs(['--duration', '30', '--connections', '50'])).toMatchObject({ durationSeconds: 30, connections: 50 });
  });

  it('rejects a zero or non-numeric duration and unknown flags', () => {
    expect(() => parseThroughputArgs(['--duration', '0'])).toThrow('--duration must be more than 0');
    expect(() => parseThroughputArgs(['--connections', 'many'])).toThrow('--connections must be a non-negative number');
    expect(() => parseThroughputArgs(['--seconds', '5'])).toThrow();
  });

  it('reads --workers, --rounds and --cpu-prof', () => {
    expect(parseThroughputArgs([])).toMatchObject({ workers: 0, rounds: 1 });
    expect(parseThroughputArgs(['--workers', '2', '--rounds', '3', '--cpu-prof', '/tmp/p'])).toMatchObject({ workers: 2, rounds: 3, cpuProfDir: '/tmp/p' });
  });

  it('reads --replicas as a list of counts, and refuses anything else', () => {
    expect(parseThroughputArgs([])).toMatchObject({ replicas: [] });
    expect(parseThroughputArgs(['--replicas', '1,2'])).toMatchObject({ replicas: [1, 2] });
    expect(parseThroughputArgs(['--replicas', '2, 2, 4'])).toMatchObject({ replicas: [2, 4] });
    for (const bad of ['0', '1,x', '17', '', '1.5']) expect(() => parseThroughputArgs(['--replicas', bad])).toThrow('--replicas takes replica counts from 1 to 16');
  });
});

describe('replica comparisons', () => {
  const withCpu = (rps: number, cpu: number): LoadSummary => ({ ...load(rps, 10), serverCpuUsPerRequest: cpu });
  it('holds one replica on Redis to the embedded store (CPU, throughput) and more replicas to one', () => {
    const comparisons = compareReplicas(
      [
        { id: 'fedlab exchange RS256 · embedded', load: withCpu(1000, 400) },
        { id: 'fedlab exchange RS256 · 1 on Redis', load: withCpu(900, 460) },
        { id: 'fedlab exchange RS256 · 2 on Redis', load: withCpu(1350, 470) },
      ],
      ['1 on Redis', '2 on Redis'],
      'embedded',
    );
    expect(comparisons).toEqual([
      { name: 'fedlab exchange RS256: 1 on Redis / embedded', metric: 'cpu per request', ratio: 1.15, goal: { text: '≤ 1.1 × the embedded store\'s CPU per request', holds: false } },
      { name: 'fedlab exchange RS256: 1 on Redis / embedded', metric: 'throughput', ratio: 0.9 },
      { name: 'fedlab exchange RS256: 2 on Redis / 1 on Redis', metric: 'throughput', ratio: 1.5 },
    ]);
  });

  it('compares nothing it did not measure', () => {
    expect(compareReplicas([{ id: 'fedlab STS RS256 · 2 on Redis', load: withCpu(10, 1) }], ['1 on Redis', '2 on Redis'], 'embedded')).toEqual([]);
  });
});

describe('bench rounds and profiles', () => {
  it('combines rounds into medians of rates and latencies and sums of counts', () => {
    const combined = combineRounds([load(900, 30), load(1200, 10), load(1000, 20)]);
    expect(combined.requestsPerSecond).toBe(1000);
    expect(combined.latencyMs.p99).toBe(20);
    expect(combined.latencyMs.max).toBe(30);
    expect(combined.requests).toBe(31000);
    expect(combined.statusCodes).toEqual({ '200': 31000 });
    expect(combined.durationSeconds).toBe(30);
  });

  it('ranks functions by self time and leaves idle time out of the shares', () => {
    const frame = (functionName: string, url = '') => ({ functionName, url, lineNumber: 9 });
    const profile = {
      nodes: [
        { id: 1, callFrame: frame('(root)') },
        { id: 2, callFrame: frame('sign', 'file:///x/node_modules/jose/dist/sign.js') },
        { id: 3, callFrame: frame('(idle)') },
        { id: 4, callFrame: frame('handler', 'file:///x/dist/entra/actions/token.js') },
      ],
      samples: [2, 2, 4, 3, 2],
      timeDeltas: [0, 1000, 1000, 1000, 6000, 1000],
    };
    const { rows, busyMs, idleMs } = selfTimeTable(profile, 5);
    expect(idleMs).toBe(6);
    expect(busyMs).toBe(4);
    expect(rows[0]).toEqual({ entry: 'sign (jose/dist/sign.js:10)', selfMs: 3, percent: 75 });
    expect(rows[1]).toEqual({ entry: 'handler (dist/entra/actions/token.js:10)', selfMs: 1, percent: 25 });
  });
});
