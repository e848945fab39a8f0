import type { ErrorRequestHandler, Request, Response } from 'express';
import { clientFaultOf } from '../../core/http/client-error.js';
import type { Logger } from '../../core/logger.js';
import { ConsoleError, sendConsoleError } from './console-error.js';

export function notFound(req: Request, res: Response): void {
  sendConsoleError(res, new ConsoleError(404, 'not_found', `the console has no route for ${req.method} ${req.path}`));
}

/** The console's errors as they are, body-parser errors as 400/413, anything else a logged 500. */
export function finalErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error, _req, res, next) => {
    if (res.headersSent) return next(error);
    if (error instanceof ConsoleError) return sendConsoleError(res, error);
    const fault = clientFaultOf(error);
    if (fault) {
      const message = { 'body-not-json': 'the request body is not valid JSON', 'body-too-large': 'the request body is too large', 'body-unreadable': `the request body could not be read: ${fault.message}`, 'path-undecodable': `the request path could not be decoded: ${fault.message}` }[fault.kind];
      return sendConsoleError(res, new ConsoleError(fault.status === 413 ? 413 : 400, fault.kind === 'path-undecodable' ? 'invalid_path' : 'invalid_body', message));
    }
    logger.error({ err: error }, 'unexpected error in the console');
    sendConsoleError(res, new ConsoleError(500, 'internal_error', 'the console hit an unexpected error (see the log)'));
  };
}
