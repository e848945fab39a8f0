import type { Response } from 'express';
import { noStore } from '../../core/http/common-middleware.js';
import type { QueryService } from './services.js';
import { errorXml } from './xml.js';

/** awsQuery answers are `text/xml` (no charset, as AWS sends it) with the request id in a header too. */
export function sendXml(res: Response, status: number, requestId: string, xml: string): void {
  noStore(res);
  res.status(status).setHeader('Content-Type', 'text/xml');
  res.setHeader('x-amzn-RequestId', requestId);
  res.send(Buffer.from(xml, 'utf8'));
}

export function sendQueryError(res: Response, service: QueryService, status: number, code: string, message: string, requestId: string, failedChecks: string[] = []): void {
  if (failedChecks.length > 0) res.setHeader('x-fedlab-failed-check', failedChecks.join(', '));
  sendXml(res, status, requestId, errorXml(service, status, code, message, requestId));
}
