import type { Request, Response } from 'express';
import type { ConsoleRuntime } from '../runtime.js';
import { askEachParty } from '../upstream/ask-each-party.js';
import { fedlabControl } from '../upstream/fedlab-control.js';

/** `GET /api/faults`: every party's active faults in one list; parties without runtime control are named. */
export function listFaults(runtime: ConsoleRuntime) {
  return async (_req: Request, res: Response): Promise<void> => {
    const answers = await askEachParty(runtime, async (party) => {
      const answer = await fedlabControl(runtime, party, 'GET', '/faults');
      return { party, faults: (answer.json as { value?: unknown[] } | undefined)?.value ?? [] };
    });
    res.setHeader('Cache-Control', 'no-store');
    res.json({
      value: answers.flatMap((a) => ('faults' in a ? a.faults : [])),
      unavailable: answers.flatMap((a) => ('unavailable' in a ? [{ party: a.party, reason: a.unavailable }] : [])),
    });
  };
}
