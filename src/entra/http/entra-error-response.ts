import type { ServerResponse } from 'node:http';
import { noStore } from '../../core/http/common-middleware.js';
import { sendJson } from '../../core/http/send-json.js';
import { entraTimestamp } from '../time-format.js';
import type { RequestIds } from './request-ids.js';

export interface EntraErrorInput {
  status: number;
  error: string;
  /** The AADSTS code; omitted only for fedlab's own failures (404, 500). */
  code?: number;
  message: string;
  ids: RequestIds;
  now: Date;
  failedCheck?: string;
  /** Further members of this error's body, after Entra's own (`suberror`, `claims`). */
  body?: Record<string, string>;
}

/** Entra's error body: the AADSTS message with the trace trailer in one line (2024+ format). */
export function entraErrorBody({ error, code, message, ids, now, body }: EntraErrorInput): Record<string, unknown> {
  const timestamp = entraTimestamp(now);
  const prefix = code === undefined ? '' : `AADSTS${code}: `;
  return {
    error,
    error_description: `${prefix}${message} Trace ID: ${ids.traceId} Correlation ID: ${ids.correlationId} Timestamp: ${timestamp}`,
    error_codes: code === undefined ? [] : [code],
    timestamp,
    trace_id: ids.traceId,
    correlation_id: ids.correlationId,
    ...(code === undefined ? {} : { error_uri: `https://login.microsoftonline.com/error?code=${code}` }),
    ...body,
  };
}

/** The headers Entra sends on token-endpoint answers (errors and successes alike). */
export function entraResponseHeaders(res: ServerResponse, ids: RequestIds): void {
  noStore(res);
  res.setHeader('Expires', '-1');
  res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  res.setHeader('x-ms-request-id', ids.traceId);
  res.setHeader('client-request-id', ids.correlationId);
}

export function sendEntraError(res: ServerResponse, input: EntraErrorInput): void {
  entraResponseHeaders(res, input.ids);
  if (input.failedCheck) res.setHeader('x-fedlab-failed-check', input.failedCheck);
  sendJson(res, input.status, entraErrorBody(input));
}
