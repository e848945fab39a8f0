import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchConfig, startBenchRedis, startCliFedlab } from './cli-fedlab.js';
import { percentile, roundMs } from './stats.js';

export interface LagSummary {
  samples: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface ReplicaLag {
  /** A saved document (the account's federation switch): HSET + PUBLISH, the other replica reloads it. */
  document: LagSummary;
  /** A runtime change on the event bus (the clock offset): PUBLISH, the other replica applies it. */
  event: LagSummary;
}

const ACCOUNT = '111122223333';

const summary = (lags: number[]): LagSummary => ({ samples: lags.length, p50Ms: roundMs(percentile(lags, 50)), p99Ms: roundMs(percentile(lags, 99)), maxMs: roundMs(Math.max(...lags)) });

async function control(base: string, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${base}/_fedlab${path}`, { method, ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) });
  if (!res.ok) throw new Error(`${method} /_fedlab${path}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}

/** From A's answer to the first read on B that shows the change (B is polled back to back). */
async function lagOf(change: () => Promise<unknown>, seenOnB: () => Promise<boolean>): Promise<number> {
  await change();
  const start = performance.now();
  while (!(await seenOnB())) if (performance.now() - start > 5_000) throw new Error('a change on replica A did not reach replica B within 5 s');
  return performance.now() - start;
}

/**
 * Two `fedlab start --store` processes on one Redis (started for the measurement): how long a
 * change made through replica A takes to show on replica B, `samples` times for each kind.
 */
export async function measureReplicaLag(samples: number): Promise<ReplicaLag> {
  const dir = mkdtempSync(join(tmpdir(), 'fedlab-bench-lag-'));
  const redis = await startBenchRedis(dir);
  const started: { stop(): Promise<void> }[] = [];
  try {
    // Each change is logged at warn (a clock offset, a federation switch): the measurement wants none of that output.
    const { file } = benchConfig(dir);
    const a = await startCliFedlab(file, join(dir, 'a'), ['--store', redis.url], 'error');
    started.push(a);
    const b = await startCliFedlab(file, join(dir, 'b'), ['--store', redis.url], 'error');
    started.push(b);
    const [onA, onB] = [a.urls.aws.endpoint, b.urls.aws.endpoint];
    const documentLags: number[] = [];
    const eventLags: number[] = [];
    for (let i = 1; i <= samples; i++) {
      const enabled = i % 2 === 0;
      documentLags.push(
        await lagOf(
          () => control(onA, 'PUT', `/accounts/${ACCOUNT}/outbound-federation`, { enabled }),
          async () => ((await control(onB, 'GET', '/accounts')).value as { id: string; outboundFederation: string }[]).find((x) => x.id === ACCOUNT)?.outboundFederation === (enabled ? 'enabled' : 'disabled'),
        ),
      );
      eventLags.push(await lagOf(() => control(onA, 'PUT', '/clock', { offsetSeconds: i }), async () => (await control(onB, 'GET', '/clock')).offsetSeconds === i));
    }
    return { document: summary(documentLags), event: summary(eventLags) };
  } finally {
    for (const fedlab of started.reverse()) await fedlab.stop();
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
