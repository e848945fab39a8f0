import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { noStore } from '../../core/http/common-middleware.js';
import { parseInput } from '../http/parse-input.js';
import { authorityHost, controlHeaders, findTenant, type ConsoleRuntime } from '../runtime.js';
import { describeToken } from '../tokens/describe-token.js';

const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

const input = z.strictObject({
  tenantId: z.string().min(1),
  clientId: z.string().min(1),
  resource: z.string().min(1),
  grant: z.enum(['client_credentials', 'token-exchange']),
  assertion: z.string().min(1).max(16_384),
});

/** The token request exactly as msal-node (client credentials) or an RFC 8693 client would send it. */
function tokenForm(grant: 'client_credentials' | 'token-exchange', clientId: string, scope: string, assertion: string): Record<string, string> {
  if (grant === 'client_credentials') {
    return { client_id: clientId, scope, grant_type: 'client_credentials', client_assertion_type: JWT_BEARER, client_assertion: assertion };
  }
  return { client_id: clientId, scope, grant_type: TOKEN_EXCHANGE, subject_token: assertion, subject_token_type: 'urn:ietf:params:oauth:token-type:jwt' };
}

/** What the page may show of the request: the token itself is elided (the page already has it). */
function shownForm(form: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(form).map(([k, v]) => [k, k === 'client_assertion' || k === 'subject_token' ? `${v.slice(0, 16)}…` : v]));
}

/**
 * `POST /api/entra/exchange`: the AWS token for an Entra access token at the fake Entra's v2 token
 * endpoint, then the Entra's own record of the checks it ran (by our correlation id).
 */
export function exchange(runtime: ConsoleRuntime) {
  return async (req: Request, res: Response): Promise<void> => {
    const { tenantId, clientId, resource, grant, assertion } = parseInput(input, req.body);
    const tenant = findTenant(runtime, tenantId);
    const url = `${authorityHost(runtime)}/${tenant.id}/oauth2/v2.0/token`;
    const form = tokenForm(grant, clientId, `${resource.replace(/\/$/, '')}/.default`, assertion);
    const correlationId = randomUUID();
    const response = await runtime.client.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8', 'client-request-id': correlationId, 'return-client-request-id': 'true' },
      body: new URLSearchParams(form).toString(),
    });
    const traceAnswer = await runtime.client.request(`${authorityHost(runtime)}/_fedlab/traces/${correlationId}`, { headers: controlHeaders(runtime) });
    const trace = traceAnswer.status === 200 ? traceAnswer.json : null;
    const body = (response.json ?? {}) as Record<string, unknown>;
    const request = { url, grant: form.grant_type, params: shownForm(form), correlationId };
    noStore(res);
    if (response.status === 200 && typeof body.access_token === 'string') {
      res.json({ ok: true, status: 200, request, trace, accessToken: body.access_token, expiresIn: body.expires_in, decoded: describeToken(body.access_token, runtime.clock.nowSeconds()) });
      return;
    }
    const codes = body.error_codes as number[] | undefined;
    res.json({
      ok: false,
      status: response.status,
      request,
      trace,
      failedCheck: response.headers.get('x-fedlab-failed-check'),
      retryAfter: response.headers.get('retry-after'),
      error: { error: body.error ?? `HTTP ${response.status}`, code: codes?.[0] ?? null, description: body.error_description ?? response.text.slice(0, 500) },
    });
  };
}
