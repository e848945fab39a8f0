/**
 * `npm run bench:startup`: how long until fedlab is ready — in-process `startFedlab()` (pooled
 * fixture keys; and with an existing state dir) and the built CLI up to its `fedlab ready` line.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startFedlab } from 'fedlab';
import { parse as parseYaml } from 'yaml';
import { machineLine, runInfo } from './lib/run-info.js';
import { median, percentile, roundMs } from './lib/stats.js';
import { textTable } from './lib/text-table.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CLI = join(ROOT, 'dist', 'cli.js');
const GOAL_MEDIAN_MS = 150;
const READY_TIMEOUT_MS = 30_000;

interface Series {
  name: string;
  runs: number[];
}

async function timeRuns(count: number, once: () => Promise<number>): Promise<number[]> {
  const runs: number[] = [];
  for (let i = 0; i < count; i++) runs.push(await once());
  return runs;
}

async function timeStartFedlab(stateDir?: string): Promise<number> {
  const started = performance.now();
  const fedlab = await startFedlab({ ports: 'auto', ...(stateDir ? { stateDir } : {}) });
  const elapsed = performance.now() - started;
  await fedlab.close();
  return elapsed;
}

/** The embedded default configuration with every listener on port 0. */
function configWithFreePorts(dir: string): string {
  const config = parseYaml(readFileSync(join(ROOT, 'fixtures', 'fedlab.yaml'), 'utf8')) as Record<string, unknown>;
  for (const section of Object.values(config)) {
    if (section && typeof section === 'object' && 'port' in section) (section as { port: number }).port = 0;
  }
  const file = join(dir, 'fedlab.json');
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

/** Spawn → the `fedlab ready` line on stdout; then SIGTERM and wait for the exit. */
function timeCliStart(configFile: string, stateDir: string, extraArgs: string[] = []): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [CLI, 'start', '--config', configFile, '--state-dir', stateDir, ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let elapsed: number | undefined;
    const timer = setTimeout(() => child.kill('SIGKILL'), READY_TIMEOUT_MS);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (elapsed === undefined && /^fedlab ready$/m.test(stdout)) {
        elapsed = performance.now() - started;
        child.kill('SIGTERM');
      }
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (elapsed !== undefined) resolve(elapsed);
      else reject(new Error(`fedlab start exited (${code}) before "fedlab ready":\n${stderr || stdout}`));
    });
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({ args: process.argv.slice(2), options: { runs: { type: 'string' }, quick: { type: 'boolean', default: false } } });
  const runs = values.runs ? Number(values.runs) : values.quick ? 5 : 20;
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, not ${values.runs}`);
  const info = runInfo();
  const scratch = mkdtempSync(join(tmpdir(), 'fedlab-bench-startup-'));
  try {
    const series: Series[] = [];
    process.stderr.write(`startFedlab({ ports: 'auto' }) × ${runs}\n`);
    series.push({ name: "startFedlab, no state dir (pooled fixture keys)", runs: await timeRuns(runs, () => timeStartFedlab()) });

    const stateDir = join(scratch, 'state-in-process');
    await timeStartFedlab(stateDir); // creates the state (keys, CA) outside the timing
    process.stderr.write(`startFedlab({ ports: 'auto', stateDir }) × ${runs}\n`);
    series.push({ name: 'startFedlab, existing state dir', runs: await timeRuns(runs, () => timeStartFedlab(stateDir)) });

    const cliState = join(scratch, 'state-cli');
    mkdirSync(cliState);
    const configFile = configWithFreePorts(scratch);
    await timeCliStart(configFile, cliState); // creates the state outside the timing
    process.stderr.write(`node dist/cli.js start × ${runs}\n`);
    series.push({ name: 'fedlab start (CLI, existing state dir)', runs: await timeRuns(runs, () => timeCliStart(configFile, cliState)) });
    process.stderr.write(`node dist/cli.js start --workers 2 × ${runs}\n`);
    series.push({ name: 'fedlab start --workers 2 (node:cluster)', runs: await timeRuns(runs, () => timeCliStart(configFile, cliState, ['--workers', '2'])) });

    const summary = series.map((s) => ({ name: s.name, runs: s.runs.map(roundMs), firstMs: roundMs(s.runs[0]!), medianMs: roundMs(median(s.runs)), p90Ms: roundMs(percentile(s.runs, 90)) }));
    const goal = summary[0]!.medianMs <= GOAL_MEDIAN_MS;
    process.stdout.write(`\nfedlab start-up — ${runs} runs each; ${machineLine(info)}\n\n`);
    process.stdout.write(textTable(['start-up', 'first ms', 'median ms', 'p90 ms'], summary.map((s) => [s.name, s.firstMs.toFixed(1), s.medianMs.toFixed(1), s.p90Ms.toFixed(1)])) + '\n');
    process.stdout.write(`\ngoal: startFedlab median ≤ ${GOAL_MEDIAN_MS} ms: ${goal ? 'holds' : 'MISSED'} (reported, never enforced)\n`);
    const outFile = fileURLToPath(new URL('../bench/results/startup.json', import.meta.url));
    writeFileSync(outFile, JSON.stringify({ ...info, runsPerSeries: runs, series: summary, goal: { text: `startFedlab median ≤ ${GOAL_MEDIAN_MS} ms`, holds: goal } }, null, 2) + '\n');
    process.stdout.write(`wrote ${outFile}\n`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

await main();
