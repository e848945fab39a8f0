import type { ErrorRequestHandler, RequestHandler } from 'express';
import { clientFaultOf } from '../../core/http/client-error.js';
import type { Logger } from '../../core/logger.js';
import { KeyVaultError, sendKeyVaultError } from '../errors.js';

/** Any path or method that is no Key Vault secrets operation. */
export const unknownOperation: RequestHandler = (req, res) => {
  sendKeyVaultError(res, new KeyVaultError(404, 'NotFound', `No Key Vault operation matches ${req.method} ${req.path}.`));
};

function clientProblem(error: unknown): KeyVaultError | undefined {
  const fault = clientFaultOf(error);
  if (!fault) return undefined;
  if (fault.kind === 'body-not-json') return new KeyVaultError(400, 'BadParameter', 'The request body is not valid JSON.');
  if (fault.kind === 'body-too-large') return new KeyVaultError(413, 'RequestEntityTooLarge', 'The request body is too large.');
  if (fault.kind === 'path-undecodable') return new KeyVaultError(400, 'BadParameter', `The request URI could not be decoded: ${fault.message}.`);
  return new KeyVaultError(fault.status, 'BadParameter', `The request body could not be read: ${fault.message}.`);
}

/** Last in the chain: Key Vault errors as they are, body-parser errors in Key Vault's format, the rest a plain 500. */
export function finalErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error, _req, res, next) => {
    if (res.headersSent) return next(error);
    if (error instanceof KeyVaultError) return sendKeyVaultError(res, error);
    const problem = clientProblem(error);
    if (problem) return sendKeyVaultError(res, problem);
    logger.error({ err: error }, 'unexpected error in the vault');
    sendKeyVaultError(res, new KeyVaultError(500, 'InternalServerError', 'The vault hit an unexpected error.'));
  };
}
