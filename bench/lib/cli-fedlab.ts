import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { PRINCIPAL_ARN } from './fixture.js';
import { findRedisServer } from '../../test/helpers/redis-server-path.js';
import { freePort, launchRedis } from '../../test/helpers/redis-process.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'dist', 'cli.js');

export interface FixturePrincipal {
  arn: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/** The embedded configuration with every listener on a free port (written to `dir`), and the bench principal's keys. */
export function benchConfig(dir: string): { file: string; principal: FixturePrincipal } {
  const config = parseYaml(readFileSync(join(ROOT, 'fixtures', 'fedlab.yaml'), 'utf8')) as Record<string, unknown>;
  for (const section of Object.values(config)) {
    const listeners = Array.isArray(section) ? section : [section];
    for (const listener of listeners) if (listener && typeof listener === 'object' && 'port' in listener) (listener as { port: number }).port = 0;
  }
  const accounts = (config.aws as { accounts: { principals?: FixturePrincipal[] }[] }).accounts;
  const principal = accounts.flatMap((a) => a.principals ?? []).find((p) => p.arn === PRINCIPAL_ARN);
  if (!principal) throw new Error(`fixtures/fedlab.yaml has no principal ${PRINCIPAL_ARN}`);
  const file = join(dir, 'fedlab.json');
  writeFileSync(file, JSON.stringify(config, null, 2));
  return { file, principal };
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** Debian's redis-server on a free loopback port, a child of this process. */
export async function startBenchRedis(dir: string): Promise<{ url: string; stop(): Promise<void> }> {
  const executable = findRedisServer();
  if (!executable) throw new Error('--replicas needs redis-server (sudo apt-get install -y redis-server, or set FEDLAB_REDIS_SERVER)');
  const port = await freePort();
  const redis = await launchRedis(executable, port, dir);
  return { url: `redis://127.0.0.1:${port}/0`, stop: () => stopChild(redis) };
}

export interface CliUrls {
  aws: { endpoint: string };
  entra?: { authorityHost: string };
  ca: string;
}

/** `fedlab start <flags>` as a user runs it, logging at warn unless told otherwise; resolves once it is ready, with its urls file. */
export async function startCliFedlab(config: string, stateDir: string, flags: string[], logLevel = 'warn'): Promise<{ urls: CliUrls; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [CLI, 'start', ...flags, '--config', config, '--state-dir', stateDir, '--log-level', logLevel], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (/^fedlab ready$/m.test(output)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`fedlab start exited (${code}) before it was ready:\n${output}`)));
  });
  return { urls: JSON.parse(readFileSync(join(stateDir, 'urls.json'), 'utf8')) as CliUrls, stop: () => stopChild(child) };
}
