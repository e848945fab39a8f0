import { AADSTS, type AadstsCode } from '../errors/aadsts-catalogue.js';
import { sendEntraError } from '../http/entra-error-response.js';
import type { TokenGate, TokenRequest } from '../http/token-request.js';
import { announceGateRefusal } from '../http/announce-gate-refusal.js';
import type { EntraRuntime } from '../runtime.js';

/** An injected error's message: the catalogue template, filled from the request where it can be. */
function injectedMessage(code: AadstsCode, { req, form, tenantSegment }: TokenRequest): string {
  const known: Record<string, unknown> = {
    tenant: tenantSegment,
    clientId: form.client_id,
    scope: form.scope ?? form.resource,
    resource: form.resource ?? form.scope,
    grantType: form.grant_type,
    method: req.method,
  };
  return AADSTS[code].template.replace(/\{(\w+)\}/g, (_, name: string) => (typeof known[name] === 'string' ? (known[name] as string) : `<${name}>`));
}

/**
 * Before the token action: answer with the first injected fault for this tenant, in Entra's
 * error format (throttling 429 with Retry-After, 503, or the chosen AADSTS error).
 */
export function tokenFault(runtime: EntraRuntime): TokenGate {
  return async (request) => {
    const { res, tenantSegment, path, ids } = request;
    const tenant = tenantSegment.toLowerCase();
    const fault = await runtime.faults.consume((f) => f.tenant === undefined || f.tenant.toLowerCase() === tenant, { target: 'token', tenant: tenantSegment, path });
    if (!fault) return false;
    const failedCheck = `fault:${fault.id}`;
    if (fault.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(fault.retryAfterSeconds));
    const code: AadstsCode = fault.kind === 'throttle' ? 90055 : fault.kind === 'unavailable' ? 90033 : (fault.code as AadstsCode);
    const { error, status } = AADSTS[code];
    announceGateRefusal(runtime, request, { status, code, failedCheck, ...(fault.retryAfterSeconds !== undefined ? { retryAfterSeconds: fault.retryAfterSeconds } : {}) });
    sendEntraError(res, { status, error, code, message: injectedMessage(code, request), ids, now: runtime.ctx.clock.now(), failedCheck });
    return true;
  };
}
