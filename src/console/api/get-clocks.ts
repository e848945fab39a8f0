import type { Request, Response } from 'express';
import { ConsoleError } from '../http/console-error.js';
import { PARTIES, partyBaseUrl, type ConsoleRuntime } from '../runtime.js';
import { fedlabControl } from '../upstream/fedlab-control.js';

/** `GET /api/clock`: each party's clock offset (`GET /_fedlab/clock`). */
export function getClocks(runtime: ConsoleRuntime) {
  return async (_req: Request, res: Response): Promise<void> => {
    const value = await Promise.all(
      PARTIES.filter((p) => partyBaseUrl(runtime, p)).map(async (party) => {
        try {
          const answer = await fedlabControl(runtime, party, 'GET', '/clock');
          return { party, ...(answer.json as object) };
        } catch (error) {
          if (error instanceof ConsoleError) return { party, unavailable: error.message };
          throw error;
        }
      }),
    );
    res.setHeader('Cache-Control', 'no-store');
    res.json({ value });
  };
}
