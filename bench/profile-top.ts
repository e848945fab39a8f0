/**
 * `node dist-bench/profile-top.js <file.cpuprofile> [--top N]`: the functions with the most self
 * time in a profile written by `npm run bench -- --cpu-prof <dir>`.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { selfTimeTable, type CpuProfile } from './lib/cpu-profile.js';
import { textTable } from './lib/text-table.js';

const { values, positionals } = parseArgs({ options: { top: { type: 'string' } }, allowPositionals: true });
if (positionals.length !== 1) {
  process.stderr.write('usage: node dist-bench/profile-top.js <file.cpuprofile> [--top N]\n');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(positionals[0]!, 'utf8')) as CpuProfile;
const { rows, busyMs, idleMs } = selfTimeTable(profile, Number(values.top ?? 25));
process.stdout.write(`busy ${busyMs} ms, idle ${idleMs} ms\n`);
process.stdout.write(`${textTable(['self ms', '% busy', 'function (file:line)'], rows.map((r) => [String(r.selfMs), r.percent.toFixed(1), r.entry]))}\n`);
