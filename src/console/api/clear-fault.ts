import type { Request, Response } from 'express';
import type { ConsoleRuntime } from '../runtime.js';
import { fedlabControl, relay } from '../upstream/fedlab-control.js';
import { forgetIssuerCache } from '../upstream/forget-issuer-cache.js';

/** `DELETE /api/faults/:party/:id`: clear one fault. */
export function clearFault(runtime: ConsoleRuntime) {
  return async (req: Request<{ party: string; id: string }>, res: Response): Promise<void> => {
    const answer = await fedlabControl(runtime, req.params.party, 'DELETE', `/faults/${encodeURIComponent(req.params.id)}`);
    if (req.params.party === 'aws') await forgetIssuerCache(runtime);
    relay(res, answer);
  };
}
