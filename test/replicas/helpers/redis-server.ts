import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findRedisServer } from '../../helpers/redis-server-path.js';

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

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function launch(port: number, dir: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    // No persistence: the tests need a store that lives as long as the process, nothing more.
    const child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${output}`)), 10_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${REDIS_SERVER} (install Debian's redis-server): ${error.message}`));
    });
    // Both pipes are read to the end (an unread pipe could stall the server); only start-up output is kept.
    const collect = (chunk: Buffer) => {
      if (output.includes('Ready to accept connections')) return;
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited (${code}): ${output}`));
    });
  });
}

export async function startRedisServer(): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), 'fedlab-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined = await launch(port, dir);
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
      child = await launch(port, dir);
    },
    async close() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
