import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage } from 'node:http';

/**
 * fedlab's own callers (the console's buttons and panels, the labs' resets) say so in this header,
 * and every event published while a party serves such a request carries `origin`: the Live log can
 * then tell an attendee's own traffic from the console's. A label, not a credential: anyone may
 * send it, and nothing is allowed or refused because of it.
 */
export const CALLER_HEADER = 'x-fedlab-caller';
export const FEDLAB_CALLERS = ['console', 'labs'] as const;
export type FedlabCaller = (typeof FEDLAB_CALLERS)[number];

const origin = new AsyncLocalStorage<FedlabCaller>();

function callerOf(req: IncomingMessage): FedlabCaller | undefined {
  const value = req.headers[CALLER_HEADER];
  return FEDLAB_CALLERS.find((caller) => caller === value);
}

/** Runs `handle` inside the request's origin (only when fedlab itself is calling: the hot path pays nothing). */
export function withRequestOrigin(req: IncomingMessage, handle: () => void): void {
  const caller = callerOf(req);
  if (caller) origin.run(caller, handle);
  else handle();
}

/** Which of fedlab's own callers made the request being served now, if any. */
export const currentCaller = (): FedlabCaller | undefined => origin.getStore();
