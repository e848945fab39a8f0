import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { CheckFailure } from '../../core/checks.js';
import type { KnownPrincipal } from '../accounts/directory.js';
import { announceRejection, enforceChecks, Rejection, retryAfter } from '../awsquery/rejection.js';
import { STORE_CHECKS } from '../store-checks.js';
import type { AuditNote } from '../cloudtrail/trail-event.js';
import { recordCall } from '../cloudtrail/record-call.js';
import { jsonRequestParametersOf } from '../cloudtrail/request-parameters.js';
import type { AwsRuntime } from '../runtime.js';
import { AUTHN_CHECKS, type AuthnContext } from '../sigv4/authn-checks.js';
import { receivedRequest } from '../sigv4/received-request.js';
import type { JsonOperation } from './operation.js';
import { sendJson, sendJsonError } from './respond.js';
import { JSON_AUTHN_CODES, JSON_ROUTING_CHECKS, type JsonRoutingContext } from './routing-checks.js';

/**
 * `POST /` with `X-Amz-Target`: AWS JSON 1.1 (CloudTrail, Organizations). Route by target, read
 * the JSON body, authenticate with SigV4 for the operation's service, then let the operation
 * decide. Every refusal is a JSON error naming its check; every call that reached its operation
 * is recorded in CloudTrail.
 */
export function awsJsonHandler(party: AwsRuntime, operations: ReadonlyMap<string, JsonOperation>): RequestHandler {
  return async (req, res) => {
    const requestId = randomUUID();
    res.locals.requestId = requestId;
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const routing: JsonRoutingContext = { target: String(req.headers['x-amz-target']), body, operations };
    const audit: AuditNote = {};
    let authn: AuthnContext | undefined;
    let caller: KnownPrincipal | undefined;
    const record = (error?: Rejection) => {
      const operation = routing.operation;
      if (!operation || !caller) return;
      recordCall(party, {
        req,
        requestId,
        service: operation.service.name,
        eventName: operation.name,
        region: authn!.authorization!.region,
        readOnly: operation.readOnly,
        caller,
        accessKeyId: authn!.authorization!.accessKeyId,
        requestParameters: jsonRequestParametersOf(routing.input ?? {}),
        audit,
        error,
      });
    };
    try {
      await enforceChecks(JSON_ROUTING_CHECKS, routing);
      const operation = routing.operation!;
      await enforceChecks(STORE_CHECKS, { party, operation: operation.name, changesSharedState: !operation.readOnly });
      authn = { request: receivedRequest(req, body), service: operation.service.name, now: party.ctx.clock.now(), directory: party.directory };
      try {
        await enforceChecks(AUTHN_CHECKS, authn);
      } catch (error) {
        if (!(error instanceof Rejection)) throw error;
        const code = JSON_AUTHN_CODES[error.failure.code] ?? error.failure.code;
        throw new Rejection(new CheckFailure(code, error.failure.message, error.failure.status, error.failure.extra), error.failedChecks);
      }
      caller = authn.caller!;
      const result = await operation.handle({ party, requestId, input: routing.input!, caller, region: authn.authorization!.region, secureTransport: req.secure, audit });
      sendJson(res, 200, requestId, result);
      record();
    } catch (error) {
      if (!(error instanceof Rejection)) throw error;
      const { failure, failedChecks } = error;
      retryAfter(res, error);
      announceRejection(party, routing.operation?.service.name ?? 'json', requestId, error, routing.operation?.name ?? routing.target, caller);
      sendJsonError(res, failure.status, failure.code, failure.message, requestId, failedChecks, routing.operation?.service.queryCompatible);
      record(error);
    }
  };
}
