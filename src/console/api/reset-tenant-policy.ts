import type { Request, Response } from 'express';
import type { ConsoleRuntime } from '../runtime.js';
import { fedlabControl, relay } from '../upstream/fedlab-control.js';

/** `DELETE /api/entra/tenants/:tenantId/policy`: back to the configured policy (`DELETE /_fedlab/tenant-policy/<tenant>`). */
export function resetTenantPolicy(runtime: ConsoleRuntime) {
  return async (req: Request<{ tenantId: string }>, res: Response): Promise<void> => {
    relay(res, await fedlabControl(runtime, 'entra', 'DELETE', `/tenant-policy/${encodeURIComponent(req.params.tenantId)}`));
  };
}
