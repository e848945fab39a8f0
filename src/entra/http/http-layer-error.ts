import type { IncomingMessage, ServerResponse } from 'node:http';
import { clientFaultOf } from '../../core/http/client-error.js';
import { aadstsMessage } from '../errors/aadsts-catalogue.js';
import type { EntraRuntime } from '../runtime.js';
import { sendEntraError } from './entra-error-response.js';
import type { RequestIds } from './request-ids.js';

/**
 * An error raised before any Entra code ran: a body that cannot be read (too large, bad charset,
 * broken gzip, too many parameters) or a path that does not decode is AADSTS9002313, in Entra's
 * format; anything else is fedlab's own bug, a logged 500.
 */
export function sendHttpLayerError(runtime: EntraRuntime, req: IncomingMessage, res: ServerResponse, ids: RequestIds, error: unknown): void {
  if (res.headersSent) {
    runtime.ctx.logger.error({ err: error, path: req.url, traceId: ids.traceId }, 'unexpected error after the answer began');
    res.destroy();
    return;
  }
  const now = runtime.ctx.clock.now();
  const fault = clientFaultOf(error);
  if (fault) {
    const status = fault.kind === 'body-too-large' ? 413 : 400;
    const failedCheck = fault.kind === 'path-undecodable' ? 'request-path' : 'request-body';
    sendEntraError(res, { status, error: 'invalid_request', code: 9002313, message: aadstsMessage(9002313), ids, now, failedCheck });
    return;
  }
  runtime.ctx.logger.error({ err: error, path: req.url, traceId: ids.traceId }, 'unexpected error');
  sendEntraError(res, { status: 500, error: 'server_error', message: 'fedlab: internal error (see the log for the trace id).', ids, now });
}
