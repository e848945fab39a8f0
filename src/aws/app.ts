import { randomUUID } from 'node:crypto';
import express, { type ErrorRequestHandler, type Express } from 'express';
import { clientFaultOf } from '../core/http/client-error.js';
import { healthHandler, securityHeaders } from '../core/http/common-middleware.js';
import { ACTIONS } from './actions/index.js';
import { awsQueryHandler } from './awsquery/dispatch.js';
import { JSON_OPERATIONS } from './json/operations.js';
import { awsJsonHandler } from './json/dispatch.js';
import { sendJsonError } from './json/respond.js';
import { sendQueryError } from './awsquery/respond.js';
import { STS } from './awsquery/services.js';
import { awsControlRouter } from './control/control-router.js';
import { issuerFault } from './control/issuer-fault.js';
import { withIssuer } from './issuer/issuer-lookup.js';
import { jwks } from './issuer/jwks.js';
import { openidConfiguration } from './issuer/openid-configuration.js';
import type { AwsRuntime } from './runtime.js';
import { unroutable } from './unroutable.js';

/** 50 tags and 10 audiences at their longest, percent-encoded, fit with room to spare. */
const MAX_BODY_BYTES = 256 * 1024;

/** Anything that goes wrong on the awsQuery endpoint is answered in awsQuery's XML. */
function errorHandler(party: AwsRuntime): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) return next(error);
    const fault = clientFaultOf(error);
    if (!fault) party.ctx.logger.error({ err: error, path: req.path }, 'unexpected error');
    if (req.path !== '/' && !res.locals.unroutable) {
      res.status(fault ? fault.status : 500).json({ error: fault ? 'bad_request' : 'internal_error', message: fault ? fault.message : 'internal error' });
      return;
    }
    const requestId = (res.locals.requestId as string | undefined) ?? randomUUID();
    if (req.headers['x-amz-target']) {
      if (!fault) sendJsonError(res, 500, 'InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.', requestId, []);
      else if (fault.kind === 'body-too-large') sendJsonError(res, 413, 'RequestEntityTooLargeException', `Request body is larger than ${MAX_BODY_BYTES} bytes.`, requestId, ['body-size']);
      else sendJsonError(res, 400, 'SerializationException', `The request body could not be read: ${fault.message}`, requestId, ['body-readable']);
    } else if (!fault) {
      sendQueryError(res, STS, 500, 'InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.', requestId, []);
    } else if (fault.kind === 'body-too-large') {
      sendQueryError(res, STS, 413, 'RequestEntityTooLarge', `Request body is larger than ${MAX_BODY_BYTES} bytes.`, requestId, ['body-size']);
    } else {
      sendQueryError(res, STS, 400, 'MalformedQueryString', `The request body could not be read: ${fault.message}`, requestId, ['body-readable']);
    }
  };
}

/**
 * One listener for everything AWS: awsQuery (STS + IAM) and JSON 1.1 (CloudTrail) on `POST /`, and every account's issuer
 * under `/{issuerId}` (discovery and JWKS).
 */
export function createAwsApp(party: AwsRuntime): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders);
  app.get('/health', healthHandler('aws'));
  const query = awsQueryHandler(party, ACTIONS);
  const json = awsJsonHandler(party, JSON_OPERATIONS);
  // AWS JSON 1.1 names its operation in X-Amz-Target; awsQuery in the body's Action.
  app.post('/', express.raw({ type: () => true, limit: MAX_BODY_BYTES }), (req, res, next) => (req.headers['x-amz-target'] ? json : query)(req, res, next));
  app.use('/_fedlab', awsControlRouter(party));
  app.get('/:issuerId/.well-known/openid-configuration', withIssuer(party), issuerFault(party, 'discovery'), openidConfiguration);
  app.get('/:issuerId/.well-known/jwks.json', withIssuer(party), issuerFault(party, 'jwks'), jwks(party));
  // What no route takes is still a request to AWS: answered in its protocol (unroutable.ts).
  app.use(express.raw({ type: () => true, limit: MAX_BODY_BYTES }), unroutable(query));
  app.use(errorHandler(party));
  return app;
}
