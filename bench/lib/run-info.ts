import { readFileSync } from 'node:fs';
import { cpus, platform, release, totalmem } from 'node:os';
import { relative } from 'node:path';

export interface RunInfo {
  date: string;
  machine: { os: string; cpuModel: string; cpuCount: number; memoryGiB: number; node: string };
  /** The exact command line, and the npm script that ran it, if any. */
  command: string;
  npmScript?: string;
  versions: Record<string, string>;
}

/** dist-bench/lib/ → the repository root. */
const ROOT = new URL('../../', import.meta.url);

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(new URL(`node_modules/${name}/package.json`, ROOT), 'utf8')) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

export function runInfo(): RunInfo {
  const cpuList = cpus();
  const script = process.env.npm_lifecycle_event;
  return {
    date: new Date().toISOString(),
    machine: {
      os: `${platform()} ${release()}`,
      cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
      cpuCount: cpuList.length,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    },
    command: ['node', ...process.execArgv, ...process.argv.slice(1).map((arg, i) => (i === 0 ? relative(process.cwd(), arg) : arg))].join(' '),
    ...(script ? { npmScript: `npm run ${script}` } : {}),
    versions: {
      fedlab: (JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8')) as { version: string }).version,
      autocannon: packageVersion('autocannon'),
      'oauth2-mock-server': packageVersion('oauth2-mock-server'),
      jose: packageVersion('jose'),
    },
  };
}

export function machineLine(info: RunInfo): string {
  const m = info.machine;
  return `${m.cpuCount} × ${m.cpuModel}, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}`;
}
