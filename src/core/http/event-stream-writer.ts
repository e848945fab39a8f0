import type { Request, Response } from 'express';
import type { EventBus, FedlabEvent } from '../events.js';
import type { Logger } from '../logger.js';

const HEARTBEAT_MS = 15_000;
/** Bytes queued for a subscriber that does not read before it is dropped. */
export const MAX_UNSENT_BYTES = 1024 * 1024;
/** Event streams open at once on one listener. */
export const MAX_STREAMS_PER_LISTENER = 32;

export interface StreamLimits {
  maxUnsentBytes?: number;
  maxStreams?: number;
}

export interface StreamOptions {
  /** Which listener this is, for the log. */
  listener: string;
  events: EventBus;
  logger: Pick<Logger, 'warn'>;
  limits?: StreamLimits;
  /** Refuses a stream beyond the listener's cap, in the listener's own error format. */
  refuse: (res: Response, message: string) => void;
}

export interface OpenStream {
  /** Writes a frame; false once the subscriber has been dropped. */
  write(chunk: string): boolean;
  /** Called for each event published while the stream is open. */
  onEvent(listener: (event: FedlabEvent) => void): void;
}

/** One `data:` line per event: JSON.stringify never emits a raw newline. */
export const sseFrame = (event: FedlabEvent) => `event: fedlab\nid: ${event.id}\ndata: ${JSON.stringify(event)}\n\n`;

/**
 * Server-Sent Events that a client cannot turn against the heap: at most `maxStreams` open on the
 * listener (429 beyond), and a subscriber whose unsent bytes exceed `maxUnsentBytes` (it stopped
 * reading) is unsubscribed, logged and disconnected instead of having every event queued for it.
 */
export function eventStreamWriter(options: StreamOptions) {
  const maxUnsent = options.limits?.maxUnsentBytes ?? MAX_UNSENT_BYTES;
  const maxStreams = options.limits?.maxStreams ?? MAX_STREAMS_PER_LISTENER;
  let open = 0;
  return (req: Request, res: Response, start: (stream: OpenStream) => void): void => {
    if (open >= maxStreams) {
      res.setHeader('Retry-After', '5');
      return options.refuse(res, `at most ${maxStreams} event streams may be open on this listener at once; close one and retry`);
    }
    open++;
    let dropped = false;
    const cleanups: (() => void)[] = [];
    const finish = () => {
      for (const cleanup of cleanups.splice(0)) cleanup();
    };
    const write = (chunk: string): boolean => {
      if (dropped || res.destroyed) return false;
      res.write(chunk);
      if (res.writableLength > maxUnsent) {
        dropped = true;
        options.logger.warn({ listener: options.listener, path: req.path, unsentBytes: res.writableLength, bound: maxUnsent }, 'event stream subscriber dropped: it stopped reading');
        finish();
        res.destroy();
      }
      return !dropped;
    };
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    res.flushHeaders();
    const heartbeat = setInterval(() => write(': heartbeat\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    cleanups.push(() => clearInterval(heartbeat), () => open--);
    res.on('close', finish);
    start({
      write,
      onEvent(listener) {
        if (dropped) return;
        cleanups.push(options.events.subscribe(listener) as () => void);
      },
    });
  };
}
