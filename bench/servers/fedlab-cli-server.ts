import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type { FedlabServerInfo } from './fedlab-server.js';
import { PRINCIPAL_ARN } from '../lib/fixture.js';
import { serveInChild } from '../lib/serve-in-child.js';
import { findRedisServer } from '../../test/helpers/redis-server-path.js';
import { freePort, launchRedis } from '../../test/helpers/redis-process.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'dist', 'cli.js');

interface FixturePrincipal {
  arn: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/** The embedded configuration with every listener on a free port, and the bench principal's keys. */
function benchConfig(dir: string): { file: string; principal: FixturePrincipal } {
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

function untilReady(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (/^fedlab ready$/m.test(output)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`fedlab start exited (${code}) before it was ready:\n${output}`)));
  });
}

/** Debian's redis-server on a free loopback port, as this process's child (its CPU counts as the server's). */
async function startRedis(dir: string): Promise<{ url: string; stop(): Promise<void> }> {
  const executable = findRedisServer();
  if (!executable) throw new Error('--replicas needs redis-server (sudo apt-get install -y redis-server, or set FEDLAB_REDIS_SERVER)');
  const port = await freePort();
  const redis = await launchRedis(executable, port, dir);
  return {
    url: `redis://127.0.0.1:${port}/0`,
    stop: () => stopChild(redis),
  };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/**
 * `fedlab start` as a user runs it (the CLI), with logging at warn so the per-exchange info line
 * does not dominate. FEDLAB_BENCH_WORKERS=N adds `--workers N` (node:cluster; 0: a single process);
 * FEDLAB_BENCH_STORE=redis puts the replicas on a Redis started for the run (`--store`).
 */
await serveInChild<FedlabServerInfo>(async () => {
  const workers = process.env.FEDLAB_BENCH_WORKERS ?? '1';
  const dir = mkdtempSync(join(tmpdir(), 'fedlab-bench-cli-'));
  const stateDir = join(dir, 'state');
  const { file, principal } = benchConfig(dir);
  const redis = process.env.FEDLAB_BENCH_STORE === 'redis' ? await startRedis(dir) : undefined;
  const flags = [...(workers === '0' ? [] : ['--workers', workers]), ...(redis ? ['--store', redis.url] : [])];
  const child = spawn(process.execPath, [CLI, 'start', ...flags, '--config', file, '--state-dir', stateDir, '--log-level', 'warn'], { stdio: ['ignore', 'pipe', 'inherit'] });
  await untilReady(child).catch(async (error: unknown) => {
    await redis?.stop();
    throw error;
  });
  const urls = JSON.parse(readFileSync(join(stateDir, 'urls.json'), 'utf8')) as { aws: { endpoint: string }; entra?: { authorityHost: string }; ca: string };
  return {
    info: {
      awsEndpoint: urls.aws.endpoint,
      ...(urls.entra ? { entraAuthorityHost: urls.entra.authorityHost } : {}),
      caPem: readFileSync(urls.ca, 'utf8'),
      credentials: { accessKeyId: principal.accessKeyId, secretAccessKey: principal.secretAccessKey },
    },
    close: async () => {
      await stopChild(child);
      await redis?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
