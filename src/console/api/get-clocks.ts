import type { Request, Response } from 'express';
import type { ConsoleRuntime } from '../runtime.js';
import { askEachParty } from '../upstream/ask-each-party.js';
import { fedlabControl } from '../upstream/fedlab-control.js';

/** `GET /api/clock`: each party's clock offset (`GET /_fedlab/clock`). */
export function getClocks(runtime: ConsoleRuntime) {
  return async (_req: Request, res: Response): Promise<void> => {
    const value = await askEachParty(runtime, async (party) => {
      const answer = await fedlabControl(runtime, party, 'GET', '/clock');
      return { party, ...(answer.json as object) };
    });
    res.setHeader('Cache-Control', 'no-store');
    res.json({ value });
  };
}
