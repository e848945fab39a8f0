import type { Request, Response } from 'express';
import { parseInput } from '../http/parse-input.js';
import type { ConsoleRuntime } from '../runtime.js';
import { ficPath, relayGraph } from '../upstream/graph-fics.js';
import { ficInput } from './create-fic.js';

/** Graph's PATCH: any field but the (immutable) name. */
const patchInput = ficInput.omit({ name: true }).partial();

/** `PATCH /api/graph/:tenantId/applications/:appId/fics/:name`: Graph's update (204). */
export function updateFic(runtime: ConsoleRuntime) {
  return async (req: Request<{ tenantId: string; appId: string; name: string }>, res: Response): Promise<void> => {
    const patch = parseInput(patchInput, req.body);
    await relayGraph(runtime, res, req.params.tenantId, 'PATCH', ficPath(req.params.appId, req.params.name), patch);
  };
}
