import { runChecks } from '../../core/checks.js';
import type { ExchangeContext } from '../exchange/exchange-context.js';
import { checksFor } from '../exchange/pipeline.js';
import { acceptExchange, rejectExchange } from '../exchange/respond.js';
import { withBasicClientAuth } from '../http/basic-client-auth.js';
import type { TokenRequest } from '../http/token-request.js';
import type { EntraRuntime } from '../runtime.js';
import { clientAddressOf } from '../tenant-policy/tenant-policies.js';
import { issueAccessToken } from '../tokens/issue-access-token.js';

/**
 * `POST /{tenant}/oauth2/v2.0/token` (endpointVersion 2, `scope=`) and `POST /{tenant}/oauth2/token`
 * (1, `resource=`): one pipeline of named checks (the assertion's, or the client secret's), then
 * the grant's answer.
 */
export function tokenEndpoint(runtime: EntraRuntime) {
  return async ({ req, res, endpointVersion, tenantSegment, form: sent, ids }: TokenRequest): Promise<void> => {
    const form = withBasicClientAuth(sent, req.headers.authorization);
    const ctx: ExchangeContext = {
      runtime,
      request: { endpointVersion, tenantSegment, form, base: runtime.hosts.baseFor(req.headers.host), ids, clientAddress: clientAddressOf(req.socket.remoteAddress), receivedAtMs: runtime.ctx.clock.nowMs() },
      params: {},
    };
    const run = await runChecks(checksFor(form), ctx);
    if (!run.ok) return rejectExchange(res, ctx, run);
    acceptExchange(res, ctx, run, await issueAccessToken(ctx));
  };
}
