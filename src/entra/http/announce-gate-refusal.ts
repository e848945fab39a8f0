import type { EntraRuntime } from '../runtime.js';
import type { TokenRequest } from './token-request.js';

/**
 * A token request refused before any check ran (throttled, or an injected fault): an event of its
 * own (`token-request-refused`, not `exchange-rejected`: no assertion was judged), so the console's
 * Live log lists 429s among the rejections and lab goals never tick from it.
 */
export function announceGateRefusal(runtime: EntraRuntime, request: TokenRequest, refusal: { status: number; code: number; failedCheck: string; retryAfterSeconds?: number }): void {
  const clientId = typeof request.form.client_id === 'string' ? request.form.client_id : undefined;
  runtime.ctx.events.publish({ party: 'entra', type: 'token-request-refused', tenant: request.tenantSegment, ...(clientId ? { clientId } : {}), ...refusal, correlationId: request.ids.correlationId });
}
