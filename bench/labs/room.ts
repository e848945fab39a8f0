/**
 * A room running the course: `fedlab start --attendees K` as a child process (its own state dir,
 * free ports), K attendees driving the course at the same moment with the real SDKs, the
 * facilitator doing the room's steps, fedlab's RSS sampled from /proc, each call's latency.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { courseDriver, type Handout, type Timings } from './course-driver.js';
import { loadCoursePlan, type CoursePlan } from './course-plan.js';
import { courseFacilitatorSteps, roomFacilitator } from './facilitator.js';
import { mebibytes, percentile, roundMs } from '../lib/stats.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface RoomResult {
  attendees: number;
  allDone: number;
  courseSeconds: { median: number; max: number };
  rssMiB: { idle: number; peak: number; end: number };
  statusAllMs: number;
  steps: { step: string; count: number; p50: number; p95: number; max: number }[];
  /** The first five attendees' errors (each names the exercise and the goal that did not tick). */
  errors: string[];
  errorCount: number;
}

function rssOf(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(line?.match(/(\d+)/)?.[1] ?? 0) * 1024;
}

/** The lab configuration with every listener on a free port (so the bench never fights a running fedlab). */
function configOnFreePorts(dir: string): string {
  const config = parse(readFileSync(join(ROOT, 'labs/fedlab-lab.yaml'), 'utf8')) as Record<string, unknown>;
  // Every listener of the lab configuration: top-level sections (aws, entra, vault, ...) and lists of them (vaults).
  const listeners = Object.values(config).flatMap((section) => (Array.isArray(section) ? section : [section]));
  for (const listener of listeners) if (listener && typeof listener === 'object' && 'port' in listener) (listener as { port: number }).port = 0;
  const file = join(dir, 'lab.yaml');
  writeFileSync(file, stringify(config));
  return file;
}

async function startRoom(count: number, dir: string): Promise<ChildProcess> {
  // With the proxy (exercise 10 uses the clouds' real names): issuers take the real form for the whole course.
  const child = spawn(process.execPath, [join(ROOT, 'dist/cli.js'), 'start', '-c', configOnFreePorts(dir), '--attendees', String(count), '--state-dir', dir, '--log-level', 'silent', '--proxy', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
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

/** `plan`: the course as the driver reads it (default: the repository's labs/ as written). */
export async function measureRoom(count: number, options: { plan?: CoursePlan } = {}): Promise<RoomResult> {
  const dir = mkdtempSync(join(tmpdir(), 'fedlab-labs-bench-'));
  const child = await startRoom(count, dir);
  try {
    const urls = JSON.parse(readFileSync(join(dir, 'urls.json'), 'utf8')) as { entra: { authorityHost: string }; console: { url: string }; ca: string; proxy?: { url: string } };
    const { attendees } = JSON.parse(readFileSync(join(dir, 'attendees.json'), 'utf8')) as { attendees: Handout[] };
    const ca = readFileSync(urls.ca, 'utf8');
    const idle = rssOf(child.pid!);
    let peak = idle;
    const sampler = setInterval(() => (peak = Math.max(peak, rssOf(child.pid!))), 100);

    const timings: Timings = new Map();
    const plan = options.plan ?? loadCoursePlan(ROOT);
    const awsEndpoint = attendees[0]!.aws.endpoint;
    const facilitator = roomFacilitator(attendees.length, courseFacilitatorSteps({ plan, awsEndpoint, authorityHost: urls.entra.authorityHost, ca, timed: timer(timings) }));
    const drivers = attendees.map((handout) => courseDriver(handout, ca, timings, plan, facilitator, urls.proxy?.url));
    const errors: string[] = [];
    const durations = await Promise.all(
      drivers.map(async (driver) => {
        const started = performance.now();
        await driver.runCourse().catch((error: Error) => {
          errors.push(error.message);
          facilitator.leave();
        });
        return performance.now() - started;
      }),
    );

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
      errorCount: errors.length,
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The facilitator's calls, timed apart from the attendees'. */
function timer(timings: Timings) {
  return async <T>(step: string, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await work();
    } finally {
      const name = `facilitator ${step}`;
      timings.set(name, [...(timings.get(name) ?? []), performance.now() - started]);
    }
  };
}
