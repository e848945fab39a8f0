/**
 * `npm run bench:memory`: does fedlab hold on to memory per request? RSS of the fedlab process
 * after 1k requests vs after 100k, for the exchange and for STS minting.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { FedlabServerInfo } from './servers/fedlab-server.js';
import { prepareFedlabTargets } from './lib/fedlab-targets.js';
import { measureLoad } from './lib/load.js';
import { probe } from './lib/probe.js';
import { machineLine, runInfo } from './lib/run-info.js';
import { benchScript, startServerChild } from './lib/server-child.js';
import { mebibytes } from './lib/stats.js';
import { textTable } from './lib/text-table.js';

const GOAL_GROWTH_MIB = 10;
const WORKLOADS = ['fedlab exchange RS256', 'fedlab STS RS256'];

interface Counts {
  first: number;
  total: number;
  connections: number;
}

interface Sample {
  requests: number;
  rssMiB: number;
  heapUsedMiB: number;
  heapTotalMiB: number;
}

type WorkloadResult =
  | { workload: string; skipped: string }
  | { workload: string; samples: Sample[]; rssGrowthMiB: number; lateRssGrowthMiB: number; non2xx: number; errors: number; elapsedSeconds: number };

/**
 * Samples after `first` requests (the goal's baseline), after a tenth of `total` (or half-way, in
 * short runs) and after `total`.
 * The middle one tells a leak (growth keeps going) from V8 and the allocator settling in (growth
 * stops early: the young generation grows its semi-spaces under load, which RSS shows too).
 */
function checkpoints(counts: Counts): number[] {
  const tenth = Math.round(counts.total / 10);
  const middle = tenth > counts.first ? tenth : Math.round((counts.first + counts.total) / 2);
  return [...new Set([counts.first, middle, counts.total])];
}

async function measureWorkload(workload: string, counts: Counts): Promise<WorkloadResult> {
  // A fresh fedlab per workload, with gc exposed so every sample is taken after a full collection.
  const child = await startServerChild<FedlabServerInfo>(benchScript('servers/fedlab-server.js'), { execArgv: ['--expose-gc'] });
  const { targets, dispose } = await prepareFedlabTargets(child.info);
  try {
    const target = targets.find((t) => t.id === workload);
    if (!target) return { workload, skipped: 'no such target' };
    if ('unavailable' in target) return { workload, skipped: target.unavailable };
    const problem = await probe(target);
    if (problem) return { workload, skipped: `probe failed: ${problem}` };
    process.stderr.write(`  ${workload}: samples after ${checkpoints(counts).join(', ')} requests\n`);
    const samples: Sample[] = [];
    const startedAt = performance.now();
    let sent = 0;
    let non2xx = 0;
    let errors = 0;
    for (const checkpoint of checkpoints(counts)) {
      const load = await measureLoad(target.request, { connections: counts.connections, durationSeconds: 0, warmupSeconds: 0, amount: checkpoint - sent });
      sent += load.requests;
      non2xx += load.non2xx;
      errors += load.errors;
      const memory = await child.memory();
      samples.push({ requests: sent, rssMiB: mebibytes(memory.rssBytes), heapUsedMiB: mebibytes(memory.heapUsedBytes), heapTotalMiB: mebibytes(memory.heapTotalBytes) });
    }
    const [first, late, last] = [samples[0]!, samples.at(-2)!, samples.at(-1)!];
    return { workload, samples, rssGrowthMiB: Math.round((last.rssMiB - first.rssMiB) * 10) / 10, lateRssGrowthMiB: Math.round((last.rssMiB - late.rssMiB) * 10) / 10, non2xx, errors, elapsedSeconds: Math.round((performance.now() - startedAt) / 1000) };
  } finally {
    dispose();
    await child.stop();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { first: { type: 'string' }, total: { type: 'string' }, connections: { type: 'string' }, quick: { type: 'boolean', default: false } },
  });
  const counts: Counts = {
    first: Number(values.first ?? 1_000),
    total: Number(values.total ?? (values.quick ? 10_000 : 100_000)),
    connections: Number(values.connections ?? 20),
  };
  if (![counts.first, counts.total, counts.connections].every((n) => Number.isInteger(n) && n > 0) || counts.total <= counts.first) {
    throw new Error('--first, --total and --connections must be positive integers, with --total > --first');
  }
  const info = runInfo();
  const results: WorkloadResult[] = [];
  for (const workload of WORKLOADS) results.push(await measureWorkload(workload, counts));

  process.stdout.write(`\nfedlab memory — RSS of the fedlab process (after a full GC) at ${checkpoints(counts).map((n) => n.toLocaleString('en-US')).join(' / ')} requests; ${machineLine(info)}\n\n`);
  const rows = results.map((r) =>
    'skipped' in r
      ? [r.workload, 'skipped', '', '', '', '', '', '']
      : [r.workload, r.samples.map((s) => s.rssMiB.toFixed(1)).join(' / '), r.rssGrowthMiB.toFixed(1), r.lateRssGrowthMiB.toFixed(1), r.samples.map((s) => s.heapUsedMiB.toFixed(1)).join(' / '), r.samples.map((s) => s.heapTotalMiB.toFixed(1)).join(' / '), `${r.non2xx} / ${r.errors}`, String(r.elapsedSeconds)],
  );
  process.stdout.write(textTable(['workload', 'RSS MiB', 'growth first→last', 'growth mid→last', 'heap used MiB', 'heap total MiB', 'non-2xx / errors', 'seconds'], rows) + '\n\n');
  for (const r of results) {
    if ('skipped' in r) process.stdout.write(`skipped ${r.workload}: ${r.skipped}\n`);
    else process.stdout.write(`goal: ${r.workload} RSS growth < ${GOAL_GROWTH_MIB} MiB: ${r.rssGrowthMiB < GOAL_GROWTH_MIB ? 'holds' : 'MISSED'} (reported, never enforced)\n`);
  }
  const outFile = fileURLToPath(new URL('../bench/results/memory.json', import.meta.url));
  writeFileSync(outFile, JSON.stringify({ ...info, counts, goal: `RSS growth < ${GOAL_GROWTH_MIB} MiB`, results }, null, 2) + '\n');
  process.stdout.write(`wrote ${outFile}\n`);
}

await main();
