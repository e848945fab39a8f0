import type { ErrorRequestHandler, Request, Response } from 'express';
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
    const status = typeof error?.status === 'number' ? error.status : 500;
    if (typeof error?.type === 'string' && status >= 400 && status < 500) {
      const message = error.type === 'entity.parse.failed' ? 'the request body is not valid JSON' : error.type === 'entity.too.large' ? 'the request body is too large' : `the request body could not be read: ${error.message}`;
      return sendConsoleError(res, new ConsoleError(status === 413 ? 413 : 400, 'invalid_body', message));
    }
    logger.error({ err: error }, 'unexpected error in the console');
    sendConsoleError(res, new ConsoleError(500, 'internal_error', 'the console hit an unexpected error (see the log)'));
  };
}
