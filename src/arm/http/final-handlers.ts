import type { ErrorRequestHandler, RequestHandler } from 'express';
import { clientFaultOf } from '../../core/http/client-error.js';
import type { Logger } from '../../core/logger.js';
import { ArmError, sendArmError } from '../errors.js';
import type { Reject } from './rejection.js';

/** A path or method fedlab's ARM does not serve (ARM answers unknown types with InvalidResourceType). */
export const unknownOperation: RequestHandler = (req, res) => {
  sendArmError(res, new ArmError(404, 'InvalidResourceType', `The resource type could not be found for ${req.method} ${req.path}: fedlab's Azure Resource Manager serves Microsoft.ManagedIdentity/userAssignedIdentities and their federatedIdentityCredentials only.`));
};

/** ARM's code for a body it cannot read ("The request content was invalid and could not be deserialized"). */
function clientProblem(error: unknown): ArmError | undefined {
  const fault = clientFaultOf(error);
  if (!fault) return undefined;
  if (fault.kind === 'body-too-large') return new ArmError(413, 'RequestEntityTooLarge', 'The request content is too large.');
  if (fault.kind === 'path-undecodable') return new ArmError(400, 'InvalidRequestUri', `The request URI could not be decoded: ${fault.message}.`);
  return new ArmError(400, 'InvalidRequestContent', `The request content was invalid and could not be deserialized: '${fault.message}'.`);
}

/** Last in the chain: ARM errors as they are, body-parser errors in ARM's envelope, the rest a plain 500. */
export function finalErrorHandler(logger: Logger, reject: Reject): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) return next(error);
    if (error instanceof ArmError) return error.check ? reject(req, res, error, error.check) : sendArmError(res, error);
    const problem = clientProblem(error);
    if (problem) return sendArmError(res, problem);
    logger.error({ err: error }, 'unexpected error in ARM');
    sendArmError(res, new ArmError(500, 'InternalServerError', 'Azure Resource Manager hit an unexpected error.'));
  };
}
