import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FedlabServerInfo } from './fedlab-server.js';
import { benchConfig, startBenchRedis, startCliFedlab } from '../lib/cli-fedlab.js';
import { serveInChild } from '../lib/serve-in-child.js';

/**
 * `fedlab start` as a user runs it (the CLI), with logging at warn so the per-exchange info line
 * does not dominate. FEDLAB_BENCH_WORKERS=N adds `--workers N` (node:cluster; 0: a single process);
 * FEDLAB_BENCH_STORE=redis puts the replicas on a Redis started for the run (`--store`), as this
 * process's child (its CPU counts as the server's).
 */
await serveInChild<FedlabServerInfo>(async () => {
  const workers = process.env.FEDLAB_BENCH_WORKERS ?? '1';
  const dir = mkdtempSync(join(tmpdir(), 'fedlab-bench-cli-'));
  const { file, principal } = benchConfig(dir);
  const redis = process.env.FEDLAB_BENCH_STORE === 'redis' ? await startBenchRedis(dir) : undefined;
  const flags = [...(workers === '0' ? [] : ['--workers', workers]), ...(redis ? ['--store', redis.url] : [])];
  const fedlab = await startCliFedlab(file, join(dir, 'state'), flags).catch(async (error: unknown) => {
    await redis?.stop();
    throw error;
  });
  const { urls } = fedlab;
  return {
    info: {
      awsEndpoint: urls.aws.endpoint,
      ...(urls.entra ? { entraAuthorityHost: urls.entra.authorityHost } : {}),
      caPem: readFileSync(urls.ca, 'utf8'),
      credentials: { accessKeyId: principal.accessKeyId, secretAccessKey: principal.secretAccessKey },
    },
    close: async () => {
      await fedlab.stop();
      await redis?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
