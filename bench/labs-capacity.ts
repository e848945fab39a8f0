/**
 * `npm run bench:labs -- --attendees 10,30,60`: how many attendees one fedlab holds while each one
 * runs the whole federation-101 course at the same moment (the worst case: a room following the
 * facilitator in lockstep). For each room size K: `fedlab start --attendees K` as a child process,
 * K concurrent attendees driving the course with the real SDKs, the fedlab process's RSS (sampled
 * from /proc), the latency of each kind of call, and whether every attendee ends with every exercise done.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse, stringify } from 'yaml';
import { courseDriver, type Handout, type Timings } from './labs/course-driver.js';
import { mebibytes, percentile, roundMs } from './lib/stats.js';
import { textTable } from './lib/text-table.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface RoomResult {
  attendees: number;
  allDone: number;
  courseSeconds: { median: number; max: number };
  rssMiB: { idle: number; peak: number; end: number };
  statusAllMs: number;
  steps: { step: string; count: number; p50: number; p95: number; max: number }[];
  errors: string[];
}

function rssOf(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(line?.match(/(\d+)/)?.[1] ?? 0) * 1024;
}

/** The lab configuration with every listener on a free port (so the bench never fights a running fedlab). */
function configOnFreePorts(dir: string): string {
  const config = parse(readFileSync(join(ROOT, 'labs/fedlab-lab.yaml'), 'utf8')) as Record<string, { port?: number }>;
  for (const section of ['aws', 'entra', 'vault', 'console', 'github']) if (config[section]) config[section].port = 0;
  const file = join(dir, 'lab.yaml');
  writeFileSync(file, stringify(config));
  return file;
}

async function startRoom(count: number, dir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(ROOT, 'dist/cli.js'), 'start', '-c', configOnFreePorts(dir), '--attendees', String(count), '--state-dir', dir, '--log-level', 'silent'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('fedlab ready')) resolve();
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`fedlab exited (${code}) before it was ready:\n${output}`)));
  });
  return child;
}

async function measureRoom(count: number): Promise<RoomResult> {
  const dir = mkdtempSync(join(tmpdir(), 'fedlab-labs-bench-'));
  const child = await startRoom(count, dir);
  try {
    const urls = JSON.parse(readFileSync(join(dir, 'urls.json'), 'utf8')) as { entra: { authorityHost: string }; console: { url: string }; ca: string };
    const { attendees } = JSON.parse(readFileSync(join(dir, 'attendees.json'), 'utf8')) as { attendees: Handout[] };
    const ca = readFileSync(urls.ca, 'utf8');
    const idle = rssOf(child.pid!);
    let peak = idle;
    const sampler = setInterval(() => (peak = Math.max(peak, rssOf(child.pid!))), 100);

    const timings: Timings = new Map();
    const drivers = attendees.map((handout) => courseDriver(handout, ca, timings));
    const errors: string[] = [];
    const durations = await Promise.all(
      drivers.map(async (driver) => {
        const started = performance.now();
        await driver.runCourse().catch((error: Error) => errors.push(error.message));
        return performance.now() - started;
      }),
    );

    // The facilitator's step for the whole room: everyone holds a 60 s token, the clock jumps.
    const shortLived = await Promise.all(drivers.map((d) => d.shortLivedToken()));
    const clock = (offsetSeconds: number) => putClock(urls.entra.authorityHost, ca, offsetSeconds);
    await clock(900);
    await Promise.all(drivers.map((d, i) => d.presentExpired(shortLived[i]!).catch((error: Error) => errors.push(error.message))));
    await clock(0);

    const started = performance.now();
    const overview = (await (await fetch(`${urls.console.url}/api/labs/status`)).json()) as { attendees: { done: number; total: number }[] };
    const statusAllMs = performance.now() - started;
    if (process.env.LABS_BENCH_DEBUG) process.stderr.write(JSON.stringify(await drivers[0]!.status(), null, 1) + '\n');
    clearInterval(sampler);
    const end = rssOf(child.pid!);
    drivers.forEach((d) => d.close());

    return {
      attendees: count,
      allDone: overview.attendees.filter((a) => a.done === a.total).length,
      courseSeconds: { median: roundMs(percentile(durations, 50) / 1000), max: roundMs(Math.max(...durations) / 1000) },
      rssMiB: { idle: mebibytes(idle), peak: mebibytes(Math.max(peak, end)), end: mebibytes(end) },
      statusAllMs: roundMs(statusAllMs),
      steps: [...timings].map(([step, values]) => ({ step, count: values.length, p50: roundMs(percentile(values, 50)), p95: roundMs(percentile(values, 95)), max: roundMs(Math.max(...values)) })),
      errors: errors.slice(0, 5),
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    rmSync(dir, { recursive: true, force: true });
  }
}

async function putClock(authorityHost: string, ca: string, offsetSeconds: number): Promise<void> {
  const { Agent, fetch: undiciFetch } = await import('undici');
  const dispatcher = new Agent({ connect: { ca } });
  const response = await undiciFetch(`${authorityHost}/_fedlab/clock`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ offsetSeconds }), dispatcher });
  if (response.status !== 200) throw new Error(`PUT /_fedlab/clock answered ${response.status}`);
  if (offsetSeconds === 0) {
    // Entra's key cache remembers fetch times on the moved clock: let it start afresh.
    await undiciFetch(`${authorityHost}/_fedlab/issuer-keys`, { method: 'DELETE', dispatcher });
  }
  await dispatcher.close();
}

const { values } = parseArgs({ options: { attendees: { type: 'string', default: '1,10,30' }, 'out-dir': { type: 'string' } } });
const sizes = values.attendees.split(',').map(Number);
if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--attendees: a comma-separated list of room sizes, e.g. 10,30,60');

const results: RoomResult[] = [];
for (const size of sizes) {
  process.stderr.write(`room of ${size}...\n`);
  results.push(await measureRoom(size));
}
process.stdout.write(
  textTable(
    ['attendees', 'finished the course', 'course s (median / max)', 'fedlab RSS MiB (idle / peak / end)', 'facilitator status ms'],
    results.map((r) => [String(r.attendees), `${r.allDone}/${r.attendees}`, `${r.courseSeconds.median} / ${r.courseSeconds.max}`, `${r.rssMiB.idle} / ${r.rssMiB.peak} / ${r.rssMiB.end}`, String(r.statusAllMs)]),
  ) + '\n\n',
);
// Ratios within this run, against the smallest room: what a bigger room costs each attendee.
const base = results[0]!;
const p95Of = (r: RoomResult, step: string) => r.steps.find((s) => s.step === step)?.p95 ?? NaN;
const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : 'n/a');
process.stdout.write(`ratios against the room of ${base.attendees}, measured in this run:\n`);
process.stdout.write(
  textTable(
    ['attendees', 'course time (median) ×', 'exchange p95 ×', 'STS p95 ×', 'peak RSS ×', 'attendees ×'],
    results.map((r) => [String(r.attendees), ratio(r.courseSeconds.median, base.courseSeconds.median), ratio(p95Of(r, 'entra:exchange'), p95Of(base, 'entra:exchange')), ratio(p95Of(r, 'sts:GetWebIdentityToken'), p95Of(base, 'sts:GetWebIdentityToken')), ratio(r.rssMiB.peak, base.rssMiB.peak), ratio(r.attendees, base.attendees)]),
  ) + '\n\n',
);
for (const r of results) {
  process.stdout.write(`latency per call, room of ${r.attendees} (ms):\n`);
  process.stdout.write(textTable(['call', 'count', 'p50', 'p95', 'max'], r.steps.map((s) => [s.step, String(s.count), String(s.p50), String(s.p95), String(s.max)])) + '\n');
  if (r.errors.length) process.stdout.write(`errors: ${r.errors.join('\n')}\n`);
  process.stdout.write('\n');
}
if (values['out-dir']) writeFileSync(join(values['out-dir'], 'labs-capacity.json'), JSON.stringify({ machine: process.arch, node: process.version, results }, null, 2) + '\n');
