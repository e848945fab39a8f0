/**
 * `npm run bench:labs -- --attendees 10,30,60`: how many attendees one fedlab holds while each one
 * runs the whole federation-101 course at the same moment (the worst case: a room following the
 * facilitator in lockstep). For each room size K: `fedlab start --attendees K` as a child process,
 * K concurrent attendees driving the course with the real SDKs, the fedlab process's RSS (sampled
 * from /proc), the latency of each kind of call, and whether every attendee ends with every exercise done.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { measureRoom, type RoomResult } from './labs/room.js';
import { textTable } from './lib/text-table.js';

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
  if (r.errors.length) process.stdout.write(`errors (${r.errorCount} attendees stopped; the first ${r.errors.length}):\n${r.errors.join('\n')}\n`);
  process.stdout.write('\n');
}
if (values['out-dir']) writeFileSync(join(values['out-dir'], 'labs-capacity.json'), JSON.stringify({ machine: process.arch, node: process.version, results }, null, 2) + '\n');
