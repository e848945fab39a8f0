import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, MemorySample, ParentMessage } from './child-protocol.js';

export interface ServerChild<Info> {
  info: Info;
  pid: number;
  memory(): Promise<MemorySample>;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 5_000;

/** `servers/fedlab-server.js` etc., resolved next to the compiled benchmark. */
export function benchScript(relativePath: string): string {
  return fileURLToPath(new URL(`../${relativePath}`, import.meta.url));
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Forks a server script (see serve-in-child.ts) and waits for its `ready` message. */
export async function startServerChild<Info>(script: string, options: { execArgv?: string[]; env?: Record<string, string> } = {}): Promise<ServerChild<Info>> {
  const child = fork(script, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: options.execArgv ?? [], env: { ...process.env, ...options.env } });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited(child);
    clearTimeout(timer);
  };
  const info = await new Promise<Info>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} was not ready within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
    const settle = (outcome: () => void) => {
      clearTimeout(timer);
      child.off('exit', onExit);
      outcome();
    };
    const onExit = (code: number | null) => settle(() => reject(new Error(`${script} exited (${code}) before it was ready`)));
    child.once('exit', onExit);
    child.once('error', (error) => settle(() => reject(error)));
    child.on('message', (message: ChildMessage<Info>) => {
      if (message.type === 'ready') settle(() => resolve(message.info));
      if (message.type === 'failed') settle(() => reject(new Error(`${script} failed to start: ${message.message}`)));
    });
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return {
    info,
    pid: child.pid!,
    memory: () =>
      new Promise<MemorySample>((resolve) => {
        const onMessage = (message: ChildMessage<Info>) => {
          if (message.type !== 'memory') return;
          child.off('message', onMessage);
          resolve({ rssBytes: message.rssBytes, heapUsedBytes: message.heapUsedBytes, heapTotalBytes: message.heapTotalBytes, externalBytes: message.externalBytes, reducedRssBytes: message.reducedRssBytes });
        };
        child.on('message', onMessage);
        child.send({ type: 'memory' } satisfies ParentMessage);
      }),
    stop,
  };
}
