import type { Request, Response } from 'express';
import { z } from 'zod';
import type { PartyContext } from '../../party-context.js';
import { parseBody } from '../parse-body.js';

type ClockDeps = { party: string; ctx: Pick<PartyContext, 'clock' | 'events' | 'logger'> };

/** Ten years either way: enough for any expiry test, far from Date's limits. */
const MAX_OFFSET_SECONDS = 10 * 366 * 24 * 3600;

const clockBody = z.strictObject({
  offsetSeconds: z.number().finite().min(-MAX_OFFSET_SECONDS).max(MAX_OFFSET_SECONDS),
});

export function clockView(clock: PartyContext['clock']) {
  return { offsetSeconds: clock.offsetMs() / 1000, now: clock.now().toISOString() };
}

/** Shift one party's notion of "now" (never the machine's clock) and say so. */
export function setClockOffset({ party, ctx }: ClockDeps, offsetSeconds: number) {
  ctx.clock.setOffsetMs(Math.round(offsetSeconds * 1000));
  const view = clockView(ctx.clock);
  ctx.events.publish({ party, type: 'clock-set', ...view });
  ctx.logger.warn(view, `clock offset set to ${view.offsetSeconds} s`);
  return view;
}

/**
 * Replicas of one fedlab (`--store`, `--workers`) keep one offset per party: an offset set on
 * another replica (its `clock-set` event on the shared bus) applies here too, and is not announced again.
 */
export function followReplicaClock({ party, ctx }: ClockDeps): void {
  ctx.events.subscribeReplicas?.((event) => {
    if (event.party === party && event.type === 'clock-set' && typeof event.offsetSeconds === 'number') ctx.clock.setOffsetMs(Math.round(event.offsetSeconds * 1000));
  });
}

/** `GET /_fedlab/clock` → `{offsetSeconds, now}`. */
export function getClock({ ctx }: ClockDeps) {
  return (_req: Request, res: Response): void => {
    res.json(clockView(ctx.clock));
  };
}

/** `PUT /_fedlab/clock` `{offsetSeconds}` → the clock as it now is. */
export function putClock(deps: ClockDeps) {
  return (req: Request, res: Response): void => {
    const { offsetSeconds } = parseBody(clockBody, req.body);
    res.json(setClockOffset(deps, offsetSeconds));
  };
}
