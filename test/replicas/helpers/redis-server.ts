import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findRedisServer } from '../../helpers/redis-server-path.js';
import { freePort, launchRedis } from '../../helpers/redis-process.js';

/** Debian's redis-server (`.ci/run` installs it), on a free loopback port, its files in a temp dir. */
export interface RedisServer {
  url: string;
  port: number;
  /** Stops the server (SIGKILL: as if it crashed) and waits for it to exit. */
  kill(): Promise<void>;
  /** Starts it again on the same port. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** jest.config.js skips the suites importing this file when there is none (fails with FEDLAB_REQUIRE_REDIS=1). */
export const REDIS_SERVER = findRedisServer() ?? '/usr/bin/redis-server';

export async function startRedisServer(): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), 'fedlab-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined = await launchRedis(REDIS_SERVER, port, dir);
  const kill = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGKILL');
    });
  };
  return {
    url: `redis://127.0.0.1:${port}/0`,
    port,
    kill,
    async restart() {
      await kill();
      child = await launchRedis(REDIS_SERVER, port, dir);
    },
    async close() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
