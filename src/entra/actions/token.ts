import type { Request, Response } from 'express';
import { runChecks } from '../../core/checks.js';
import type { ExchangeContext, RawForm } from '../exchange/exchange-context.js';
import { checksFor } from '../exchange/pipeline.js';
import { acceptExchange, rejectExchange } from '../exchange/respond.js';
import { withBasicClientAuth } from '../http/basic-client-auth.js';
import { requestIds } from '../http/request-ids.js';
import type { EntraRuntime } from '../runtime.js';
import { issueAccessToken } from '../tokens/issue-access-token.js';

/**
 * `POST /{tenant}/oauth2/v2.0/token` (endpointVersion 2, `scope=`) and `POST /{tenant}/oauth2/token`
 * (1, `resource=`): one pipeline of named checks (the assertion's, or the client secret's), then
 * the grant's answer.
 */
export function tokenEndpoint(runtime: EntraRuntime, endpointVersion: 1 | 2) {
  return async (req: Request<{ tenant: string }>, res: Response): Promise<void> => {
    const body: RawForm = req.body && typeof req.body === 'object' ? (req.body as RawForm) : {};
    const form = withBasicClientAuth(body, req.headers.authorization);
    const ctx: ExchangeContext = {
      runtime,
      request: { endpointVersion, tenantSegment: req.params.tenant, form, base: runtime.hosts.baseFor(req.headers.host), ids: requestIds(req), receivedAtMs: runtime.ctx.clock.nowMs() },
      params: {},
    };
    const run = await runChecks(checksFor(form), ctx);
    if (!run.ok) return rejectExchange(res, ctx, run);
    acceptExchange(res, ctx, run, await issueAccessToken(ctx));
  };
}
