import type { Request, Response } from 'express';
import { eventStreamWriter, sseFrame, type StreamLimits } from '../../core/http/event-stream-writer.js';
import { ConsoleError, sendConsoleError } from '../http/console-error.js';
import type { ConsoleRuntime } from '../runtime.js';

/**
 * `GET /api/events`: fedlab's events as Server-Sent Events, the recent ones first (`?replay=0` skips
 * them). A page that stops reading is dropped, and the console serves a bounded number of streams.
 */
export function eventStream(runtime: ConsoleRuntime, limits?: StreamLimits) {
  const open = eventStreamWriter({
    listener: 'console',
    events: runtime.events,
    logger: runtime.logger,
    ...(limits ? { limits } : {}),
    refuse: (res, message) => sendConsoleError(res, new ConsoleError(429, 'too_many_streams', message)),
  });
  return (req: Request, res: Response): void =>
    open(req, res, (stream) => {
      if (req.query.replay !== '0') for (const event of runtime.events.recent()) if (!stream.write(sseFrame(event))) return;
      stream.write(': connected\n\n');
      stream.onEvent((event) => stream.write(sseFrame(event)));
    });
}
