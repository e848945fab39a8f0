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

interface Settings {
  /** Request counts at which memory is sampled, ascending; the first is the goal's baseline. */
  checkpoints: number[];
  connections: number;
  /** Extra node flags for the fedlab child (e.g. --max-semi-space-size=4), to test what RSS is made of. */
  serverFlags: string[];
}

interface Sample {
  requests: number;
  rssMiB: number;
  heapUsedMiB: number;
  heapTotalMiB: number;
  externalMiB: number;
  /** RSS after a further memory-reducing (last-resort) GC. */
  reducedRssMiB: number;
}

type WorkloadResult =
  | { workload: string; skipped: string }
  | { workload: string; samples: Sample[]; rssGrowthMiB: number; lateRssGrowthMiB: number; reducedRssGrowthMiB: number; non2xx: number; errors: number; elapsedSeconds: number };

/**
 * The default samples: 1k (the goal's baseline), 10k, 50k and 100k. Several late samples tell a
 * leak (RSS keeps rising with the request count) from a high-water mark (RSS rises during the first
 * thousands of requests, while V8 sizes its heap for the load, and then stays where it is).
 */
const DEFAULT_CHECKPOINTS = [1_000, 10_000, 50_000, 100_000];
const QUICK_CHECKPOINTS = [1_000, 5_000, 10_000];

async function measureWorkload(workload: string, settings: Settings): Promise<WorkloadResult> {
  // A fresh fedlab per workload, with gc exposed so every sample is taken after a full collection.
  const child = await startServerChild<FedlabServerInfo>(benchScript('servers/fedlab-server.js'), { execArgv: ['--expose-gc', ...settings.serverFlags] });
  const { targets, dispose } = await prepareFedlabTargets(child.info);
  try {
    const target = targets.find((t) => t.id === workload);
    if (!target) return { workload, skipped: 'no such target' };
    if ('unavailable' in target) return { workload, skipped: target.unavailable };
    const problem = await probe(target);
    if (problem) return { workload, skipped: `probe failed: ${problem}` };
    process.stderr.write(`  ${workload}: samples after ${settings.checkpoints.join(', ')} requests\n`);
    const samples: Sample[] = [];
    const startedAt = performance.now();
    let sent = 0;
    let non2xx = 0;
    let errors = 0;
    for (const checkpoint of settings.checkpoints) {
      const load = await measureLoad(target.request, { connections: settings.connections, durationSeconds: 0, warmupSeconds: 0, amount: checkpoint - sent });
      sent += load.requests;
      non2xx += load.non2xx;
      errors += load.errors;
      const memory = await child.memory();
      samples.push({ requests: sent, rssMiB: mebibytes(memory.rssBytes), heapUsedMiB: mebibytes(memory.heapUsedBytes), heapTotalMiB: mebibytes(memory.heapTotalBytes), externalMiB: mebibytes(memory.externalBytes), reducedRssMiB: mebibytes(memory.reducedRssBytes) });
    }
    const [first, late, last] = [samples[0]!, samples.at(-2)!, samples.at(-1)!];
    return { workload, samples, rssGrowthMiB: Math.round((last.rssMiB - first.rssMiB) * 10) / 10, lateRssGrowthMiB: Math.round((last.rssMiB - late.rssMiB) * 10) / 10, reducedRssGrowthMiB: Math.round((last.reducedRssMiB - first.reducedRssMiB) * 10) / 10, non2xx, errors, elapsedSeconds: Math.round((performance.now() - startedAt) / 1000) };
  } finally {
    dispose();
    await child.stop();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { at: { type: 'string' }, connections: { type: 'string' }, quick: { type: 'boolean', default: false }, 'server-flags': { type: 'string' }, out: { type: 'string' }, only: { type: 'string' } },
  });
  const settings: Settings = {
    checkpoints: values.at ? values.at.split(',').map(Number) : values.quick ? QUICK_CHECKPOINTS : DEFAULT_CHECKPOINTS,
    connections: Number(values.connections ?? 20),
    serverFlags: values['server-flags'] ? values['server-flags'].split(/\s+/).filter(Boolean) : [],
  };
  const { checkpoints, connections } = settings;
  if (![...checkpoints, connections].every((n) => Number.isInteger(n) && n > 0) || checkpoints.length < 2 || checkpoints.some((n, i) => i > 0 && n <= checkpoints[i - 1]!)) {
    throw new Error('--at needs at least two ascending positive integers (e.g. 1000,10000,50000,100000), --connections a positive integer');
  }
  const info = runInfo();
  const results: WorkloadResult[] = [];
  const only = values.only?.toLowerCase();
  for (const workload of WORKLOADS.filter((w) => !only || w.toLowerCase().includes(only))) results.push(await measureWorkload(workload, settings));

  const flags = settings.serverFlags.length ? `; fedlab child flags ${settings.serverFlags.join(' ')}` : '';
  process.stdout.write(`\nfedlab memory — RSS of the fedlab process (after a full GC) at ${checkpoints.map((n) => n.toLocaleString('en-US')).join(' / ')} requests${flags}; ${machineLine(info)}\n\n`);
  const list = (r: Extract<WorkloadResult, { samples: Sample[] }>, pick: (s: Sample) => number) => r.samples.map((s) => pick(s).toFixed(1)).join(' / ');
  const rows = results.map((r) =>
    'skipped' in r
      ? [r.workload, 'skipped', '', '', '', '', '', '', '', '']
      : [r.workload, list(r, (s) => s.rssMiB), r.rssGrowthMiB.toFixed(1), r.lateRssGrowthMiB.toFixed(1), list(r, (s) => s.reducedRssMiB), list(r, (s) => s.heapUsedMiB), list(r, (s) => s.heapTotalMiB), list(r, (s) => s.externalMiB), `${r.non2xx} / ${r.errors}`, String(r.elapsedSeconds)],
  );
  process.stdout.write(textTable(['workload', 'RSS MiB', 'growth first→last', 'growth last stretch', 'RSS MiB after reducing GC', 'heap used MiB', 'heap total MiB', 'external MiB', 'non-2xx / errors', 'seconds'], rows) + '\n\n');
  for (const r of results) {
    if ('skipped' in r) process.stdout.write(`skipped ${r.workload}: ${r.skipped}\n`);
    else process.stdout.write(`goal: ${r.workload} RSS growth < ${GOAL_GROWTH_MIB} MiB: ${r.rssGrowthMiB < GOAL_GROWTH_MIB ? 'holds' : 'MISSED'}; last stretch ${r.lateRssGrowthMiB.toFixed(1)} MiB; after a memory-reducing GC ${r.reducedRssGrowthMiB.toFixed(1)} MiB (reported, never enforced)\n`);
  }
  const outFile = values.out ?? fileURLToPath(new URL('../bench/results/memory.json', import.meta.url));
  writeFileSync(outFile, JSON.stringify({ ...info, settings, goal: `RSS growth < ${GOAL_GROWTH_MIB} MiB`, results }, null, 2) + '\n');
  process.stdout.write(`wrote ${outFile}\n`);
}

await main();
