import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type { FedlabServerInfo } from './fedlab-server.js';
import { PRINCIPAL_ARN } from '../lib/fixture.js';
import { serveInChild } from '../lib/serve-in-child.js';

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

/**
 * `fedlab start --workers <N>` as a user runs it (the CLI, node:cluster), with logging at warn so
 * the per-exchange info line does not dominate. N comes from FEDLAB_BENCH_WORKERS.
 */
await serveInChild<FedlabServerInfo>(async () => {
  const workers = process.env.FEDLAB_BENCH_WORKERS ?? '1';
  const dir = mkdtempSync(join(tmpdir(), 'fedlab-bench-cli-'));
  const stateDir = join(dir, 'state');
  const { file, principal } = benchConfig(dir);
  const child = spawn(process.execPath, [CLI, 'start', '--workers', workers, '--config', file, '--state-dir', stateDir, '--log-level', 'warn'], { stdio: ['ignore', 'pipe', 'inherit'] });
  await untilReady(child);
  const urls = JSON.parse(readFileSync(join(stateDir, 'urls.json'), 'utf8')) as { aws: { endpoint: string }; entra?: { authorityHost: string }; ca: string };
  return {
    info: {
      awsEndpoint: urls.aws.endpoint,
      ...(urls.entra ? { entraAuthorityHost: urls.entra.authorityHost } : {}),
      caPem: readFileSync(urls.ca, 'utf8'),
      credentials: { accessKeyId: principal.accessKeyId, secretAccessKey: principal.secretAccessKey },
    },
    close: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
