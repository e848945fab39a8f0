import type { Request, Response } from 'express';
import { ConsoleError } from '../http/console-error.js';
import { PARTIES, partyBaseUrl, type ConsoleRuntime } from '../runtime.js';
import { fedlabControl } from '../upstream/fedlab-control.js';
import { forgetIssuerCache } from '../upstream/forget-issuer-cache.js';

/** `DELETE /api/faults`: clear every party's faults (parties without runtime control have none). */
export function clearAllFaults(runtime: ConsoleRuntime) {
  return async (_req: Request, res: Response): Promise<void> => {
    for (const party of PARTIES.filter((p) => partyBaseUrl(runtime, p))) {
      try {
        await fedlabControl(runtime, party, 'DELETE', '/faults');
      } catch (error) {
        if (!(error instanceof ConsoleError && error.code === 'runtime_control_unavailable')) throw error;
      }
    }
    await forgetIssuerCache(runtime);
    res.status(204).end();
  };
}
