import type { Response } from 'express';
import { noStore } from '../../core/http/common-middleware.js';

export const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';

export function sendJson(res: Response, status: number, requestId: string, body: unknown): void {
  noStore(res);
  res.status(status).setHeader('Content-Type', JSON_CONTENT_TYPE);
  res.setHeader('x-amzn-RequestId', requestId);
  res.send(Buffer.from(JSON.stringify(body), 'utf8'));
}

/**
 * A JSON 1.1 error: `__type` names the exception (the SDK picks its class from it), `message`
 * says why; fedlab adds the failed check in `x-fedlab-failed-check` as on awsQuery.
 */
export function sendJsonError(res: Response, status: number, code: string, message: string, requestId: string, failedChecks: string[], queryCompatible = false): void {
  if (failedChecks.length > 0) res.setHeader('x-fedlab-failed-check', failedChecks.join(', '));
  res.setHeader('x-amzn-ErrorType', code);
  if (queryCompatible) res.setHeader('x-amzn-query-error', `${code.replace(/Exception$/, '')};${status >= 500 ? 'Receiver' : 'Sender'}`);
  sendJson(res, status, requestId, { __type: code, message });
}
