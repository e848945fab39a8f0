import type { Request, Response } from 'express';
import type { EventBus, FedlabEvent } from '../../events.js';

const HEARTBEAT_MS = 15_000;

function listParam(value: unknown): Set<string> | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  return new Set(value.split(',').map((v) => v.trim()).filter(Boolean));
}

function frame(event: FedlabEvent): string {
  // JSON.stringify never emits a raw newline, so one `data:` line carries the whole event.
  return `event: fedlab\nid: ${event.id}\ndata: ${JSON.stringify(event)}\n\n`;
}

/**
 * `GET /_fedlab/events`: Server-Sent Events of the event bus. The recent buffer is replayed first
 * (`?replay=0` skips it; a reconnecting EventSource's `Last-Event-ID` resumes after that event);
 * `?party=` and `?type=` filter (comma-separated lists); a comment line every 15 s keeps proxies open.
 */
export function eventStream(events: EventBus) {
  return (req: Request, res: Response): void => {
    const parties = listParam(req.query.party);
    const types = listParam(req.query.type);
    const wanted = (e: FedlabEvent) => (!parties || parties.has(e.party)) && (!types || types.has(e.type));

    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    res.write(': fedlab events\n\n');

    const lastEventId = req.header('last-event-id');
    if (req.query.replay !== '0') {
      const recent = events.recent();
      const after = lastEventId ? recent.findIndex((e) => e.id === lastEventId) + 1 : 0;
      for (const event of recent.slice(after)) if (wanted(event)) res.write(frame(event));
    }
    const unsubscribe = events.subscribe((event) => {
      if (wanted(event)) res.write(frame(event));
    });
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    res.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
  };
}
