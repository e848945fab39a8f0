import { parseArgs } from 'node:util';

export interface ThroughputArgs {
  durationSeconds: number;
  connections: number;
  warmupSeconds: number;
  quick: boolean;
  /** Only targets whose id contains one of these (case-insensitive). */
  only: string[];
  /** Where latest.json and latest.svg go. */
  outDir?: string;
  /** Run the fedlab child under `node --cpu-prof`, writing its profile into this directory. */
  cpuProfDir?: string;
  /** `fedlab start --workers N` instead of in-process startFedlab (0: in-process). */
  workers: number;
  /** Measure every target this many times, in turn, with every server up; report the medians. */
  rounds: number;
  /** `--replicas 1,2`: fedlab as that many replicas on one Redis, against the embedded store (empty: not asked). */
  replicas: number[];
}

export const USAGE = `usage: npm run bench -- [--quick] [--duration <s>] [--connections <n>] [--warmup <s>] [--only <text>,...] [--out-dir <dir>] [--cpu-prof <dir>] [--workers <n>] [--rounds <n>]
  --duration     measured seconds per target (default 10; 2 with --quick)
  --connections  concurrent connections (default 20)
  --warmup       unmeasured seconds of load before each measurement (default 2; 0.5 with --quick)
  --quick        smoke run: 2 s per target
  --only         run only targets whose name contains one of these, e.g. --only floor,peer
  --out-dir      write latest.json / latest.svg there instead of bench/results
  --cpu-prof     profile the fedlab server (node --cpu-prof) into this directory; see bench/profile-top.ts
  --workers      measure \`fedlab start --workers <n>\` (node:cluster) instead of in-process startFedlab()
  --rounds       start every server first, then measure all targets in turn <n> times; report medians
                 (for a machine shared with other work: a busy moment no longer lands on one target only)
  --replicas     measure fedlab as \`fedlab start --workers <n> --store redis://…\` for each <n> (Debian's redis-server,
                 started for the run) against \`fedlab start\` on its embedded store, e.g. --replicas 1,2`;

function positiveNumber(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a non-negative number, not ${raw}`);
  return value;
}

function parseReplicas(raw: string | undefined): number[] {
  if (raw === undefined) return [];
  const counts = raw.split(',').map((part) => part.trim());
  for (const count of counts) if (!/^[1-9]\d?$/.test(count) || Number(count) > 16) throw new Error(`--replicas takes replica counts from 1 to 16 separated by commas, not ${raw}`);
  return [...new Set(counts.map(Number))];
}

export function parseThroughputArgs(argv: string[]): ThroughputArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string' },
      connections: { type: 'string' },
      warmup: { type: 'string' },
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      'out-dir': { type: 'string' },
      'cpu-prof': { type: 'string' },
      workers: { type: 'string' },
      rounds: { type: 'string' },
      replicas: { type: 'string' },
    },
    strict: true,
  });
  const quick = values.quick ?? false;
  const durationSeconds = positiveNumber('duration', values.duration, quick ? 2 : 10);
  if (durationSeconds === 0) throw new Error('--duration must be more than 0');
  return {
    quick,
    durationSeconds,
    connections: Math.max(1, Math.round(positiveNumber('connections', values.connections, 20))),
    warmupSeconds: positiveNumber('warmup', values.warmup, quick ? 0.5 : 2),
    only: values.only ? values.only.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean) : [],
    ...(values['out-dir'] ? { outDir: values['out-dir'] } : {}),
    ...(values['cpu-prof'] ? { cpuProfDir: values['cpu-prof'] } : {}),
    workers: Math.round(positiveNumber('workers', values.workers, 0)),
    rounds: Math.max(1, Math.round(positiveNumber('rounds', values.rounds, 1))),
    replicas: parseReplicas(values.replicas),
  };
}
