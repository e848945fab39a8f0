import type { Request, Response } from 'express';
import type { ConsoleRuntime } from '../runtime.js';
import { fedlabControl, relay } from '../upstream/fedlab-control.js';

/** `GET /api/entra/tenants/:tenantId/policy`: the tenant's active federation policy and Conditional Access (`GET /_fedlab/tenant-policy/<tenant>` on Entra). */
export function getTenantPolicy(runtime: ConsoleRuntime) {
  return async (req: Request<{ tenantId: string }>, res: Response): Promise<void> => {
    const answer = await fedlabControl(runtime, 'entra', 'GET', `/tenant-policy/${encodeURIComponent(req.params.tenantId)}`);
    res.setHeader('Cache-Control', 'no-store');
    relay(res, answer);
  };
}
