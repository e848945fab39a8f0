/**
 * `npm run bench`: fedlab's exchange and STS throughput against the peer (oauth2-mock-server) and
 * the reference floor, in one run on one machine. Reports; never fails on a goal.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FloorServerInfo } from './reference/floor-server.js';
import type { FedlabServerInfo } from './servers/fedlab-server.js';
import type { PeerServerInfo } from './servers/peer-server.js';
import { parseThroughputArgs, USAGE, type ThroughputArgs } from './lib/args.js';
import { compare, type Comparison } from './lib/comparisons.js';
import { prepareFedlabTargets } from './lib/fedlab-targets.js';
import { floorTargets } from './lib/floor-targets.js';
import { measureLoad, type LoadSummary } from './lib/load.js';
import { peerTargets } from './lib/peer-targets.js';
import { probe } from './lib/probe.js';
import { machineLine, runInfo } from './lib/run-info.js';
import { benchScript, startServerChild } from './lib/server-child.js';
import { svgBarChart } from './lib/svg-bar-chart.js';
import type { ServerKind, Target, UnavailableTarget } from './lib/target.js';
import { textTable } from './lib/text-table.js';

const log = (line: string) => process.stderr.write(`${line}\n`);

type Outcome = { id: string; server: ServerKind; work: string } & ({ load: LoadSummary } | { skipped: string });

interface PreparedTargets {
  targets: (Target | UnavailableTarget)[];
  dispose?: () => void;
}

interface ServerUnderTest {
  kind: ServerKind;
  /** Starts the server in its child process and prepares its targets. */
  open(): Promise<PreparedTargets & { close(): Promise<void> }>;
}

function serverUnderTest<Info>(kind: ServerKind, script: string, prepare: (info: Info) => Promise<PreparedTargets>): ServerUnderTest {
  return {
    kind,
    async open() {
      log(`starting ${kind} (${script}) in a child process`);
      const child = await startServerChild<Info>(benchScript(script));
      try {
        const prepared = await prepare(child.info);
        const close = async () => {
          prepared.dispose?.();
          await child.stop();
        };
        return { ...prepared, close };
      } catch (error) {
        await child.stop();
        throw error;
      }
    },
  };
}

const SERVERS: ServerUnderTest[] = [
  serverUnderTest<FedlabServerInfo>('fedlab', 'servers/fedlab-server.js', prepareFedlabTargets),
  serverUnderTest<PeerServerInfo>('peer', 'servers/peer-server.js', async (info) => ({ targets: peerTargets(info) })),
  serverUnderTest<FloorServerInfo>('floor', 'reference/floor-server.js', async (info) => ({ targets: floorTargets(info) })),
];

const RESULTS_DIR = fileURLToPath(new URL('../bench/results/', import.meta.url));
const selected = (args: ThroughputArgs, id: string) => args.only.length === 0 || args.only.some((text) => id.toLowerCase().includes(text));

async function runTarget(target: Target | UnavailableTarget, args: ThroughputArgs): Promise<Outcome> {
  const base = { id: target.id, server: target.server, work: target.work };
  if ('unavailable' in target) return { ...base, skipped: target.unavailable };
  const problem = await probe(target);
  if (problem) return { ...base, skipped: `probe failed: ${problem}` };
  log(`  measuring ${target.id} (${args.warmupSeconds} s warm-up, ${args.durationSeconds} s, ${args.connections} connections)`);
  return { ...base, load: await measureLoad(target.request, args) };
}

async function runServer(server: ServerUnderTest, args: ThroughputArgs): Promise<Outcome[]> {
  let opened: Awaited<ReturnType<ServerUnderTest['open']>>;
  try {
    opened = await server.open();
  } catch (error) {
    return [{ id: `${server.kind} (every target)`, server: server.kind, work: '', skipped: `could not start: ${(error as Error).message}` }];
  }
  const { targets, close } = opened;
  try {
    const outcomes: Outcome[] = [];
    for (const target of targets.filter((t) => selected(args, t.id))) outcomes.push(await runTarget(target, args));
    return outcomes;
  } finally {
    await close();
  }
}

function resultsTable(outcomes: Outcome[]): string {
  const rows = outcomes.map((o) =>
    'load' in o
      ? [o.id, o.load.requestsPerSecond.toLocaleString('en-US'), String(o.load.latencyMs.p50), String(o.load.latencyMs.p99), String(o.load.non2xx), String(o.load.errors), o.load.requests.toLocaleString('en-US')]
      : [o.id, 'skipped', '', '', '', '', ''],
  );
  return textTable(['target', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors', 'requests'], rows);
}

function comparisonsTable(comparisons: Comparison[]): string {
  if (comparisons.length === 0) return 'no comparison: a fedlab exchange target and its peer or floor were not both measured';
  const rows = comparisons.map((c) => [c.name, c.metric, c.ratio.toFixed(2), c.goal ? `${c.goal.text}: ${c.goal.holds ? 'holds' : 'MISSED'}` : '']);
  return textTable(['comparison', 'metric', 'ratio', 'goal'], rows);
}

const SERIES: Record<ServerKind, { label: string; color: string }> = {
  fedlab: { label: 'fedlab', color: '#2f6fb0' },
  peer: { label: 'peer: oauth2-mock-server', color: '#c07a2c' },
  floor: { label: 'floor: node:http + jose reference', color: '#8a8a8a' },
};

async function main(): Promise<void> {
  let args: ThroughputArgs;
  try {
    args = parseThroughputArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  const info = runInfo();
  const outcomes: Outcome[] = [];
  for (const server of SERVERS) outcomes.push(...(await runServer(server, args)));
  const measured = outcomes.flatMap((o) => ('load' in o ? [{ id: o.id, load: o.load }] : []));
  const comparisons = compare(measured);

  const settings = `${args.durationSeconds} s per target after ${args.warmupSeconds} s warm-up, ${args.connections} connections, loopback`;
  process.stdout.write(`\nfedlab throughput — ${settings}\n${machineLine(info)}\n\n${resultsTable(outcomes)}\n\n`);
  for (const o of outcomes) if ('skipped' in o) process.stdout.write(`skipped ${o.id}: ${o.skipped}\n`);
  process.stdout.write(`\n${comparisonsTable(comparisons)}\n(goals are reported, never enforced)\n`);

  const outDir = args.outDir ?? RESULTS_DIR;
  mkdirSync(outDir, { recursive: true });
  const report = { ...info, settings: { durationSeconds: args.durationSeconds, warmupSeconds: args.warmupSeconds, connections: args.connections, quick: args.quick, only: args.only }, targets: outcomes, comparisons };
  writeFileSync(join(outDir, 'latest.json'), JSON.stringify(report, null, 2) + '\n');
  const bars = outcomes.flatMap((o) => ('load' in o ? [{ label: o.id, value: o.load.requestsPerSecond, note: `p99 ${o.load.latencyMs.p99} ms`, color: SERIES[o.server].color }] : []));
  const chart = svgBarChart({
    title: 'fedlab throughput (requests per second, higher is better)',
    subtitle: [`${settings}, ${info.date.slice(0, 10)}`, machineLine(info)],
    unit: 'req/s',
    bars,
    legend: Object.values(SERIES),
  });
  writeFileSync(join(outDir, 'latest.svg'), chart);
  process.stdout.write(`\nwrote ${join(outDir, 'latest.json')} and latest.svg\n`);
}

await main();
