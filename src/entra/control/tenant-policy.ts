import type { Request, Response } from 'express';
import { ControlError } from '../../core/control/control-error.js';
import type { EntraRuntime } from '../runtime.js';
import { tenantPolicySchema } from '../tenant-policy/index.js';

/**
 * `/_fedlab/tenant-policy/<tenant>`: the tenant's federation switches and Conditional Access
 * policies at runtime. GET → the active policy; PUT (a whole `tenantPolicy` document, as in the
 * config) → 200 with it; DELETE → 204, back to the configured one. A `tenant-policy-changed`
 * event follows every change.
 */
export function tenantPolicyRoutes(runtime: EntraRuntime) {
  const tenantOf = (req: Request) => {
    const tenant = runtime.directory.tenant(String(req.params.tenant));
    if (!tenant) throw new ControlError(404, 'TenantNotFound', `no tenant '${String(req.params.tenant)}' in this fedlab (tenant id or verified domain)`);
    return tenant;
  };
  const changed = (tenantId: string, change: 'replaced' | 'reset') => {
    const policy = runtime.tenantPolicies.of(tenantId).policy;
    runtime.ctx.events.publish({ party: 'entra', type: 'tenant-policy-changed', tenant: tenantId, change, policy });
    runtime.ctx.logger.info({ tenant: tenantId, change }, 'tenant policy changed');
    return policy;
  };
  return {
    get(req: Request, res: Response): void {
      res.json(runtime.tenantPolicies.of(tenantOf(req).id).policy);
    },
    put(req: Request, res: Response): void {
      const tenant = tenantOf(req);
      const parsed = tenantPolicySchema.safeParse(req.body ?? {});
      if (!parsed.success) {
        const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
        throw new ControlError(400, 'InvalidTenantPolicy', `invalid tenant policy: ${problems.join('; ')}`);
      }
      runtime.tenantPolicies.set(tenant.id, parsed.data);
      res.json(changed(tenant.id, 'replaced'));
    },
    reset(req: Request, res: Response): void {
      const tenant = tenantOf(req);
      runtime.tenantPolicies.reset(tenant.id);
      changed(tenant.id, 'reset');
      res.status(204).end();
    },
  };
}
