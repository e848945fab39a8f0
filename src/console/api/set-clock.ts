import type { Request, Response } from 'express';
import { z } from 'zod';
import { parseInput } from '../http/parse-input.js';
import type { ConsoleRuntime } from '../runtime.js';
import { fedlabControl, relay } from '../upstream/fedlab-control.js';

const input = z.strictObject({ offsetSeconds: z.number().int().min(-366 * 86_400).max(366 * 86_400) });

/** `PUT /api/clock/:party` `{offsetSeconds}`: move that party's notion of now (`PUT /_fedlab/clock`). */
export function setClock(runtime: ConsoleRuntime) {
  return async (req: Request<{ party: string }>, res: Response): Promise<void> => {
    const body = parseInput(input, req.body);
    relay(res, await fedlabControl(runtime, req.params.party, 'PUT', '/clock', body));
  };
}
