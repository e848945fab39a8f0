import type { Request, Response } from 'express';
import type { ConsoleRuntime } from '../runtime.js';
import { ficPath, relayGraph } from '../upstream/graph-fics.js';

type FicParams = { tenantId: string; appId: string };

/** `GET /api/graph/:tenantId/applications/:appId/fics`: Graph's list of the app's federated credentials. */
export function listFics(runtime: ConsoleRuntime) {
  return async (req: Request<FicParams>, res: Response): Promise<void> => {
    await relayGraph(runtime, res, req.params.tenantId, 'GET', ficPath(req.params.appId));
  };
}
