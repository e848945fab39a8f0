import type { Request, Response } from 'express';
import { clockEffects } from '../clock-effects.js';
import type { ConsoleRuntime } from '../runtime.js';
import { askEachParty } from '../upstream/ask-each-party.js';
import { fedlabControl } from '../upstream/fedlab-control.js';

/** AWS's default lifetime of a GetWebIdentityToken token (DurationSeconds absent), what the Flow view mints. */
const AWS_DEFAULT_TOKEN_SECONDS = 300;

/**
 * `GET /api/clock`: each party's clock offset (`GET /_fedlab/clock`), and what the offsets do to a
 * flow run now (`effects`, hop by hop).
 */
export function getClocks(runtime: ConsoleRuntime) {
  return async (_req: Request, res: Response): Promise<void> => {
    const value = await askEachParty(runtime, async (party) => {
      const answer = await fedlabControl(runtime, party, 'GET', '/clock');
      return { party, ...(answer.json as { offsetSeconds?: number; now?: string }) };
    });
    const offsets = Object.fromEntries(value.flatMap((c) => ('offsetSeconds' in c && typeof c.offsetSeconds === 'number' ? [[c.party, c.offsetSeconds]] : [])));
    const entra = runtime.sources.entra;
    const effects = clockEffects(offsets, {
      entraSkewSeconds: entra?.clockSkewSeconds ?? 300,
      awsTokenSeconds: AWS_DEFAULT_TOKEN_SECONDS,
      entraTokenSeconds: entra?.accessTokenLifetimeSeconds ?? 3599,
    });
    res.setHeader('Cache-Control', 'no-store');
    res.json({ value, effects });
  };
}
