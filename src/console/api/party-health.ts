import type { Request, Response } from 'express';
import { ConsoleError } from '../http/console-error.js';
import { PARTIES, partyBaseUrl, type ConsoleRuntime } from '../runtime.js';

/** `GET /api/health`: can the console reach each party (their `/health`)? */
export function partyHealth(runtime: ConsoleRuntime) {
  return async (_req: Request, res: Response): Promise<void> => {
    const value = await Promise.all(
      PARTIES.filter((p) => partyBaseUrl(runtime, p)).map(async (party) => {
        const url = `${partyBaseUrl(runtime, party)!.replace(/\/$/, '')}/health`;
        try {
          const answer = await runtime.client.request(url, { timeoutMs: 3_000 });
          return { party, url: partyBaseUrl(runtime, party), ok: answer.status === 200 };
        } catch (error) {
          if (error instanceof ConsoleError) return { party, url: partyBaseUrl(runtime, party), ok: false, problem: error.message };
          throw error;
        }
      }),
    );
    res.setHeader('Cache-Control', 'no-store');
    res.json({ value });
  };
}
