import type { FedlabEvent } from '../../core/events.js';
import type { CheckRecord } from '../../core/checks.js';
import type { EntraRuntime } from '../runtime.js';
import { tenantPolicySchema } from '../tenant-policy/index.js';

/**
 * Replicas of one fedlab (`--store`, `--workers`) answer as one Entra: a token request's check
 * trace is readable at `/_fedlab/traces/<correlation id>` on every replica, and a tenant policy set
 * at runtime on one replica is in force on all. Both come from the other replicas' events on the
 * shared bus (`exchange-accepted` / `exchange-rejected` carry the trace, `tenant-policy-changed`
 * the policy), so nothing is announced twice. The trace's time is this replica's clock when the
 * event arrived (the clock offset is shared too; the difference is the bus's lag).
 */
export function followReplicas(runtime: EntraRuntime): void {
  runtime.ctx.events.subscribeReplicas?.((event) => {
    if (event.party !== 'entra') return;
    if (event.type === 'exchange-accepted' || event.type === 'exchange-rejected') keepTrace(runtime, event);
    if (event.type === 'tenant-policy-changed') applyTenantPolicy(runtime, event);
  });
}

function keepTrace(runtime: EntraRuntime, event: FedlabEvent): void {
  if (typeof event.correlationId !== 'string' || typeof event.traceId !== 'string' || !Array.isArray(event.trace)) return;
  const rejected = event.type === 'exchange-rejected';
  runtime.traces.add({
    correlationId: event.correlationId,
    traceId: event.traceId,
    time: runtime.ctx.clock.now().toISOString(),
    grant: typeof event.grant === 'string' ? event.grant : undefined,
    outcome: rejected ? 'rejected' : 'accepted',
    ...(rejected && typeof event.failedCheck === 'string' ? { failedCheck: event.failedCheck } : {}),
    ...(rejected && typeof event.code === 'number' ? { code: event.code } : {}),
    trace: event.trace as CheckRecord[],
  });
}

function applyTenantPolicy(runtime: EntraRuntime, event: FedlabEvent): void {
  const tenant = typeof event.tenant === 'string' ? runtime.directory.tenant(event.tenant) : undefined;
  if (!tenant) return;
  if (event.change === 'reset') return runtime.tenantPolicies.reset(tenant.id);
  const parsed = tenantPolicySchema.safeParse(event.policy);
  if (parsed.success) runtime.tenantPolicies.set(tenant.id, parsed.data);
  else runtime.ctx.logger.warn({ tenant: tenant.id }, 'tenant policy from another replica not applied: it does not validate');
}
