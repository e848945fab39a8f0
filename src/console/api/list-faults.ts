import type { Request, Response } from 'express';
import { ConsoleError } from '../http/console-error.js';
import { PARTIES, partyBaseUrl, type ConsoleRuntime } from '../runtime.js';
import { fedlabControl } from '../upstream/fedlab-control.js';

/** `GET /api/faults`: every party's active faults in one list; parties without runtime control are named. */
export function listFaults(runtime: ConsoleRuntime) {
  return async (_req: Request, res: Response): Promise<void> => {
    const running = PARTIES.filter((party) => partyBaseUrl(runtime, party));
    const answers = await Promise.all(
      running.map(async (party) => {
        try {
          const answer = await fedlabControl(runtime, party, 'GET', '/faults');
          return { party, faults: ((answer.json as { value?: unknown[] } | undefined)?.value ?? []) as unknown[] };
        } catch (error) {
          if (error instanceof ConsoleError) return { party, unavailable: error.message };
          throw error;
        }
      }),
    );
    res.setHeader('Cache-Control', 'no-store');
    res.json({
      value: answers.flatMap((a) => a.faults ?? []),
      unavailable: answers.filter((a) => a.unavailable).map((a) => ({ party: a.party, reason: a.unavailable })),
    });
  };
}
