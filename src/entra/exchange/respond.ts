import type { ServerResponse } from 'node:http';
import type { CheckRecord, CheckRun } from '../../core/checks.js';
import { sendJson } from '../../core/http/send-json.js';
import { aadstsCodeOf } from '../errors/entra-failure.js';
import { entraResponseHeaders, sendEntraError } from '../http/entra-error-response.js';
import type { IssuedAccessToken } from '../tokens/issue-access-token.js';
import type { CheckStage, ExchangeContext } from './exchange-context.js';
import { EXCHANGE_CHECKS, SECRET_CHECKS } from './pipeline.js';

/** The assertion's signature was checked and held (labs count only such exchanges as the attendee's). */
const signatureVerified = (run: CheckRun) => run.trace.some((record) => record.check === 'signature' && record.outcome === 'passed');

/** Who asked for what, for the event and the log line. */
function summary(ctx: ExchangeContext, run: CheckRun) {
  const payload = ctx.jwt?.payload;
  return {
    grant: ctx.grant?.grantType ?? ctx.params.grant_type,
    tenant: ctx.tenant?.id ?? ctx.request.tenantSegment,
    clientId: ctx.app?.appId ?? ctx.params.client_id,
    ...(payload ? { assertion: { iss: payload.iss, sub: payload.sub, aud: payload.aud, kid: ctx.jwt!.header.kid, alg: ctx.jwt!.header.alg, jti: payload.jti, verified: signatureVerified(run) } } : {}),
    correlationId: ctx.request.ids.correlationId,
    traceId: ctx.request.ids.traceId,
  };
}

/** The failed record carries fedlab's own explanation next to Entra's message. */
function traceWithDetail(run: CheckRun): (CheckRecord & { detail?: string })[] {
  const detail = run.failure?.extra.detail as string | undefined;
  return run.trace.map((record) => (record.outcome === 'failed' && detail ? { ...record, detail } : record));
}

export function rejectExchange(res: ServerResponse, ctx: ExchangeContext, run: CheckRun): void {
  const { runtime } = ctx;
  const failure = run.failure!;
  const code = aadstsCodeOf(failure);
  const stage = (failure.extra.stage as CheckStage | undefined) ?? [...EXCHANGE_CHECKS, ...SECRET_CHECKS].find((c) => c.name === run.failedCheck)!.stage;
  const entra = { error: failure.extra.error as string, status: failure.status };
  const { error, status } = ctx.grant ? ctx.grant.errorFor(stage, entra) : entra;
  const trace = traceWithDetail(run);
  const who = summary(ctx, run);
  runtime.traces.add({ correlationId: who.correlationId, traceId: who.traceId, time: runtime.ctx.clock.now().toISOString(), grant: who.grant, outcome: 'rejected', failedCheck: run.failedCheck, code, trace });
  runtime.ctx.events.publish({ party: 'entra', type: 'exchange-rejected', ...who, failedCheck: run.failedCheck, code, error, detail: failure.extra.detail, trace });
  const { logger } = runtime.ctx;
  if (logger.isLevelEnabled('warn')) logger.warn({ ...who, failedCheck: run.failedCheck, code, error, detail: failure.extra.detail, trace }, `token request rejected: AADSTS${code} at check ${run.failedCheck}`);
  const retryAfter = failure.extra.retryAfterSeconds as number | undefined;
  if (retryAfter !== undefined) res.setHeader('Retry-After', String(retryAfter));
  const body = failure.extra.body as Record<string, string> | undefined;
  sendEntraError(res, { status, error, code, message: failure.message, ids: ctx.request.ids, now: new Date(ctx.request.receivedAtMs), failedCheck: run.failedCheck, ...(body ? { body } : {}) });
}

export function acceptExchange(res: ServerResponse, ctx: ExchangeContext, run: CheckRun, issued: IssuedAccessToken): void {
  const { runtime } = ctx;
  const who = summary(ctx, run);
  const outcome = {
    credential: ctx.matchedCredential?.name,
    // Whose token it is: a managed identity's tokens carry its principal id, an application's its service principal's.
    oid: issued.claims.oid,
    resource: issued.target.requestedAs,
    tokenVersion: issued.version,
    uti: issued.claims.uti,
    expiresOn: issued.expiresOn,
    ...(ctx.reportOnlyPolicies ? { reportOnlyConditionalAccess: ctx.reportOnlyPolicies } : {}),
  };
  runtime.traces.add({ correlationId: who.correlationId, traceId: who.traceId, time: runtime.ctx.clock.now().toISOString(), grant: who.grant, outcome: 'accepted', trace: run.trace });
  runtime.ctx.events.publish({ party: 'entra', type: 'exchange-accepted', ...who, ...outcome, trace: run.trace });
  // The log line's object is only built when it will be written (fedlab in tests logs nothing).
  const { logger } = runtime.ctx;
  if (logger.isLevelEnabled('info')) logger.info({ ...who, ...outcome, trace: run.trace }, `token issued: v${issued.version} for ${issued.target.requestedAs}`);
  entraResponseHeaders(res, ctx.request.ids);
  sendJson(res, 200, ctx.grant!.handler(issued, ctx));
}
