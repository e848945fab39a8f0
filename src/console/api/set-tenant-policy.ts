import type { Request, Response } from 'express';
import { z } from 'zod';
import { parseInput } from '../http/parse-input.js';
import type { ConsoleRuntime } from '../runtime.js';
import { fedlabControl, relay } from '../upstream/fedlab-control.js';

/** A whole `tenantPolicy` document; Entra validates its keys and answers 400 InvalidTenantPolicy naming the one at fault. */
const input = z.record(z.string(), z.unknown(), { message: 'expected a tenantPolicy document (a JSON object)' });

/** `PUT /api/entra/tenants/:tenantId/policy`: replace the tenant's policy at runtime (`PUT /_fedlab/tenant-policy/<tenant>`). */
export function setTenantPolicy(runtime: ConsoleRuntime) {
  return async (req: Request<{ tenantId: string }>, res: Response): Promise<void> => {
    const body = parseInput(input, req.body);
    relay(res, await fedlabControl(runtime, 'entra', 'PUT', `/tenant-policy/${encodeURIComponent(req.params.tenantId)}`, body));
  };
}
