import type { ChildMessage, ParentMessage } from './child-protocol.js';

export interface RunningServer<Info> {
  /** Sent to the parent once listening (plain JSON). */
  info: Info;
  close(): Promise<void>;
}

function send<Info>(message: ChildMessage<Info>): void {
  process.send?.(message);
}

/** The child side of the protocol: start, announce, answer memory probes, close on SIGTERM. */
export async function serveInChild<Info>(start: () => Promise<RunningServer<Info>>): Promise<void> {
  let server: RunningServer<Info>;
  try {
    server = await start();
  } catch (error) {
    send({ type: 'failed', message: (error as Error)?.stack ?? String(error) });
    process.exit(1);
  }
  const shutdown = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', shutdown);
  // The parent died: do not linger as an orphan holding a port.
  process.once('disconnect', shutdown);
  process.on('message', (message: ParentMessage) => {
    if (message.type !== 'memory') return;
    // --expose-gc is passed by the memory benchmark: measure what is retained, not garbage.
    const gc = (globalThis as { gc?: (options?: object) => void }).gc;
    gc?.();
    const usage = process.memoryUsage();
    gc?.({ type: 'major', execution: 'sync', flavor: 'last-resort' });
    const reducedRssBytes = process.memoryUsage.rss();
    send({ type: 'memory', rssBytes: usage.rss, heapUsedBytes: usage.heapUsed, heapTotalBytes: usage.heapTotal, externalBytes: usage.external, reducedRssBytes });
  });
  send({ type: 'ready', info: server.info });
}
