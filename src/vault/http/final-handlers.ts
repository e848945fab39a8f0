import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '../../core/logger.js';
import { KeyVaultError, sendKeyVaultError } from '../errors.js';

/** Any path or method that is no Key Vault secrets operation. */
export const unknownOperation: RequestHandler = (req, res) => {
  sendKeyVaultError(res, new KeyVaultError(404, 'NotFound', `No Key Vault operation matches ${req.method} ${req.path}.`));
};

interface BodyParserError extends Error {
  type?: string;
  status?: number;
  expose?: boolean;
}

function bodyProblem(error: BodyParserError): KeyVaultError | undefined {
  const status = error.status ?? 0;
  if (!error.type || !error.expose || status < 400 || status > 499) return undefined;
  if (error.type === 'entity.parse.failed') return new KeyVaultError(400, 'BadParameter', 'The request body is not valid JSON.');
  if (error.type === 'entity.too.large') return new KeyVaultError(413, 'RequestEntityTooLarge', 'The request body is too large.');
  return new KeyVaultError(status, 'BadParameter', `The request body could not be read: ${error.message}.`);
}

/** Last in the chain: Key Vault errors as they are, body-parser errors in Key Vault's format, the rest a plain 500. */
export function finalErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error, _req, res, next) => {
    if (res.headersSent) return next(error);
    if (error instanceof KeyVaultError) return sendKeyVaultError(res, error);
    const problem = bodyProblem(error as BodyParserError);
    if (problem) return sendKeyVaultError(res, problem);
    logger.error({ err: error }, 'unexpected error in the vault');
    sendKeyVaultError(res, new KeyVaultError(500, 'InternalServerError', 'The vault hit an unexpected error.'));
  };
}
