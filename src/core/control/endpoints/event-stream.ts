import type { Request, Response } from 'express';
import type { EventBus, FedlabEvent } from '../../events.js';
import { eventStreamWriter, sseFrame, type StreamLimits } from '../../http/event-stream-writer.js';
import type { Logger } from '../../logger.js';
import { sendControlError } from '../control-error.js';

function listParam(value: unknown): Set<string> | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  return new Set(value.split(',').map((v) => v.trim()).filter(Boolean));
}

/**
 * `GET /_fedlab/events`: Server-Sent Events of the event bus. The recent buffer is replayed first
 * (`?replay=0` skips it; a reconnecting EventSource's `Last-Event-ID` resumes after that event);
 * `?party=` and `?type=` filter (comma-separated lists); a comment line every 15 s keeps proxies open.
 * Bounded by `eventStreamWriter`: a subscriber that stops reading is dropped, streams per listener capped.
 */
export function eventStream(party: string, events: EventBus, logger: Pick<Logger, 'warn'>, limits?: StreamLimits) {
  const open = eventStreamWriter({
    listener: party,
    events,
    logger,
    ...(limits ? { limits } : {}),
    refuse: (res, message) => sendControlError(res, 429, 'TooManyStreams', message),
  });
  return (req: Request, res: Response): void => {
    const parties = listParam(req.query.party);
    const types = listParam(req.query.type);
    const wanted = (e: FedlabEvent) => (!parties || parties.has(e.party)) && (!types || types.has(e.type));
    open(req, res, (stream) => {
      stream.write(': fedlab events\n\n');
      const lastEventId = req.header('last-event-id');
      if (req.query.replay !== '0') {
        const recent = events.recent();
        const after = lastEventId ? recent.findIndex((e) => e.id === lastEventId) + 1 : 0;
        for (const event of recent.slice(after)) if (wanted(event) && !stream.write(sseFrame(event))) return;
      }
      stream.onEvent((event) => {
        if (wanted(event)) stream.write(sseFrame(event));
      });
    });
  };
}
