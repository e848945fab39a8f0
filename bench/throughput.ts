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
import { compareReplicas } from './lib/replica-comparisons.js';
import { measureReplicaLag, type ReplicaLag } from './lib/replica-lag.js';
import { prepareFedlabTargets } from './lib/fedlab-targets.js';
import { floorTargets } from './lib/floor-targets.js';
import { combineRounds, measureLoad, type LoadSummary } from './lib/load.js';
import { peerTargets } from './lib/peer-targets.js';
import { probe } from './lib/probe.js';
import { machineLine, runInfo } from './lib/run-info.js';
import { benchScript, startServerChild } from './lib/server-child.js';
import { svgBarChart } from './lib/svg-bar-chart.js';
import type { ServerKind, Target, UnavailableTarget } from './lib/target.js';
import { textTable } from './lib/text-table.js';

const log = (line: string) => process.stderr.write(`${line}\n`);

type Outcome = { id: string; server: ServerKind; work: string } & ({ load: LoadSummary; roundsRequestsPerSecond?: number[] } | { skipped: string });

interface PreparedTargets {
  targets: (Target | UnavailableTarget)[];
  dispose?: () => void;
}

interface ServerUnderTest {
  kind: ServerKind;
  /** Starts the server in its child process and prepares its targets. */
  open(args: ThroughputArgs): Promise<PreparedTargets & { close(): Promise<void> }>;
}

/** A variant of a server (`--replicas`): its child's environment, and what its target ids are suffixed with. */
interface Variant {
  env: Record<string, string>;
  label: string;
}

function serverUnderTest<Info>(kind: ServerKind, script: string, prepare: (info: Info) => Promise<PreparedTargets>, variant?: Variant): ServerUnderTest {
  return {
    kind,
    async open(args) {
      log(`starting ${kind} (${script}${variant ? `, ${variant.label}` : ''}) in a child process`);
      // Only fedlab is profiled: the profile is for finding fedlab's own hot spots.
      const execArgv = kind === 'fedlab' && args.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', args.cpuProfDir] : [];
      const child = await startServerChild<Info>(benchScript(script), { execArgv, ...(variant ? { env: variant.env } : {}) });
      try {
        const prepared = await prepare(child.info);
        for (const target of prepared.targets) {
          if ('request' in target) target.request.serverPid = child.pid;
          if (variant) target.id = `${target.id} · ${variant.label}`;
        }
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

/** In-process startFedlab(), or with --workers the CLI's `fedlab start --workers N` (node:cluster). */
const fedlabScript = (args: ThroughputArgs) => (args.workers > 0 ? 'servers/fedlab-cli-server.js' : 'servers/fedlab-server.js');

/** `--replicas 1,2`: fedlab on its embedded store (one process), then N replicas on one Redis for each N. */
const replicaServers = (args: ThroughputArgs): ServerUnderTest[] => [
  serverUnderTest<FedlabServerInfo>('fedlab', 'servers/fedlab-cli-server.js', prepareFedlabTargets, { env: { FEDLAB_BENCH_WORKERS: '0' }, label: EMBEDDED }),
  ...args.replicas.map((n) => serverUnderTest<FedlabServerInfo>('fedlab', 'servers/fedlab-cli-server.js', prepareFedlabTargets, { env: { FEDLAB_BENCH_WORKERS: String(n), FEDLAB_BENCH_STORE: 'redis' }, label: onRedis(n) })),
];

const servers = (args: ThroughputArgs): ServerUnderTest[] => args.replicas.length > 0 ? replicaServers(args) : [
  serverUnderTest<FedlabServerInfo>('fedlab', fedlabScript(args), prepareFedlabTargets),
  serverUnderTest<PeerServerInfo>('peer', 'servers/peer-server.js', async (info) => ({ targets: peerTargets(info) })),
  serverUnderTest<FloorServerInfo>('floor', 'reference/floor-server.js', async (info) => ({ targets: floorTargets(info) })),
];

const EMBEDDED = 'embedded store';
const onRedis = (n: number) => `${n} replica${n === 1 ? '' : 's'} on Redis`;

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
    opened = await server.open(args);
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

/**
 * --rounds: every server up at once (idle ones cost nothing), every target probed, then measured
 * in turn `rounds` times. Load from other work then spreads over all targets instead of landing
 * on whichever ran at that moment. Warm-up in the first round only.
 */
async function runInRounds(list: ServerUnderTest[], args: ThroughputArgs): Promise<Outcome[]> {
  const opened: Awaited<ReturnType<ServerUnderTest['open']>>[] = [];
  const slots: ({ outcome: Outcome } | { target: Target; runs: LoadSummary[] })[] = [];
  try {
    for (const server of list) {
      try {
        const open = await server.open(args);
        opened.push(open);
        for (const target of open.targets.filter((t) => selected(args, t.id))) {
          const base = { id: target.id, server: target.server, work: target.work };
          if ('unavailable' in target) slots.push({ outcome: { ...base, skipped: target.unavailable } });
          else {
            const problem = await probe(target);
            slots.push(problem ? { outcome: { ...base, skipped: `probe failed: ${problem}` } } : { target, runs: [] });
          }
        }
      } catch (error) {
        slots.push({ outcome: { id: `${server.kind} (every target)`, server: server.kind, work: '', skipped: `could not start: ${(error as Error).message}` } });
      }
    }
    for (let round = 1; round <= args.rounds; round++) {
      for (const slot of slots) {
        if (!('target' in slot)) continue;
        log(`  round ${round}/${args.rounds}: measuring ${slot.target.id} (${args.durationSeconds} s, ${args.connections} connections)`);
        slot.runs.push(await measureLoad(slot.target.request, { ...args, warmupSeconds: round === 1 ? args.warmupSeconds : 0 }));
      }
    }
  } finally {
    for (const open of opened) await open.close();
  }
  return slots.map((slot) =>
    'outcome' in slot
      ? slot.outcome
      : { id: slot.target.id, server: slot.target.server, work: slot.target.work, load: combineRounds(slot.runs), roundsRequestsPerSecond: slot.runs.map((run) => run.requestsPerSecond) },
  );
}

function resultsTable(outcomes: Outcome[]): string {
  const withRounds = outcomes.some((o) => 'load' in o && o.roundsRequestsPerSecond);
  const rows = outcomes.map((o) => {
    const row =
      'load' in o
        ? [o.id, o.load.requestsPerSecond.toLocaleString('en-US'), String(o.load.latencyMs.p50), String(o.load.latencyMs.p99), o.load.serverCpuUsPerRequest === undefined ? 'n/a' : o.load.serverCpuUsPerRequest.toLocaleString('en-US'), String(o.load.non2xx), String(o.load.errors), o.load.requests.toLocaleString('en-US')]
        : [o.id, 'skipped', '', '', '', '', '', ''];
    return withRounds ? [...row, 'load' in o ? (o.roundsRequestsPerSecond ?? []).join(' / ') : ''] : row;
  });
  return textTable(['target', 'req/s', 'p50 ms', 'p99 ms', 'server CPU µs/req', 'non-2xx', 'errors', 'requests', ...(withRounds ? ['req/s per round'] : [])], rows);
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

const LAG_SAMPLES = 200;

/** `--replicas`: how long a change on one replica takes to show on another (two CLI replicas on one Redis). */
async function replicaLag(): Promise<ReplicaLag | undefined> {
  log(`measuring replica propagation lag (${LAG_SAMPLES} changes of each kind, two fedlab start --store on one Redis)`);
  try {
    const lag = await measureReplicaLag(LAG_SAMPLES);
    const rows = (Object.entries(lag) as [string, ReplicaLag['document']][]).map(([kind, s]) => [kind === 'document' ? 'document (federation switch: HSET + PUBLISH, reload)' : 'event bus (clock offset: PUBLISH, apply)', String(s.samples), String(s.p50Ms), String(s.p99Ms), String(s.maxMs)]);
    process.stdout.write(`\nreplica propagation lag: a change through replica A until replica B shows it (B polled back to back)\n${textTable(['change', 'samples', 'p50 ms', 'p99 ms', 'max ms'], rows)}\n`);
    return lag;
  } catch (error) {
    process.stdout.write(`\nreplica propagation lag not measured: ${(error as Error).message}\n`);
    return undefined;
  }
}

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
  if (args.workers > 0) process.env.FEDLAB_BENCH_WORKERS = String(args.workers);
  if (args.rounds > 1) outcomes.push(...(await runInRounds(servers(args), args)));
  else for (const server of servers(args)) outcomes.push(...(await runServer(server, args)));
  const measured = outcomes.flatMap((o) => ('load' in o ? [{ id: o.id, load: o.load }] : []));
  const comparisons = args.replicas.length > 0 ? compareReplicas(measured, args.replicas.map(onRedis), EMBEDDED) : compare(measured);

  const fedlabMode = args.replicas.length > 0 ? `fedlab start on its embedded store, then --workers N --store redis for N = ${args.replicas.join(', ')}` : args.workers > 0 ? `fedlab start --workers ${args.workers}` : 'fedlab in-process';
  const perTarget = args.rounds > 1 ? `median of ${args.rounds} rounds of ${args.durationSeconds} s per target` : `${args.durationSeconds} s per target`;
  const settings = `${perTarget} after ${args.warmupSeconds} s warm-up, ${args.connections} connections, loopback, ${fedlabMode}`;
  process.stdout.write(`\nfedlab throughput — ${settings}\n${machineLine(info)}\n\n${resultsTable(outcomes)}\n\n`);
  for (const o of outcomes) if ('skipped' in o) process.stdout.write(`skipped ${o.id}: ${o.skipped}\n`);
  process.stdout.write(`\n${comparisonsTable(comparisons)}\n(goals are reported, never enforced)\n`);
  const lag = args.replicas.length > 0 ? await replicaLag() : undefined;

  const outDir = args.outDir ?? RESULTS_DIR;
  mkdirSync(outDir, { recursive: true });
  const report = { ...info, ...(lag ? { replicaLag: lag } : {}), settings: { durationSeconds: args.durationSeconds, warmupSeconds: args.warmupSeconds, connections: args.connections, quick: args.quick, only: args.only, rounds: args.rounds, fedlab: fedlabMode }, targets: outcomes, comparisons };
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
