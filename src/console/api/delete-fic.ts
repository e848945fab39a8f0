import type { Request, Response } from 'express';
import type { ConsoleRuntime } from '../runtime.js';
import { ficPath, relayGraph } from '../upstream/graph-fics.js';

/** `DELETE /api/graph/:tenantId/applications/:appId/fics/:name`: Graph's delete (204). */
export function deleteFic(runtime: ConsoleRuntime) {
  return async (req: Request<{ tenantId: string; appId: string; name: string }>, res: Response): Promise<void> => {
    await relayGraph(runtime, res, req.params.tenantId, 'DELETE', ficPath(req.params.appId, req.params.name));
  };
}
