import type { Request, Response } from 'express';
import type { FedlabEvent } from '../../core/events.js';
import type { ConsoleRuntime } from '../runtime.js';

const HEARTBEAT_MS = 15_000;

/** `GET /api/events`: fedlab's events as Server-Sent Events, the recent ones first (`?replay=0` skips them). */
export function eventStream(runtime: ConsoleRuntime) {
  return (req: Request, res: Response): void => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    const send = (event: FedlabEvent) => res.write(`event: fedlab\nid: ${event.id}\ndata: ${JSON.stringify(event)}\n\n`);
    if (req.query.replay !== '0') for (const event of runtime.events.recent()) send(event);
    res.write(': connected\n\n');
    const unsubscribe = runtime.events.subscribe(send);
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    req.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
  };
}
