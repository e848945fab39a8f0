import { randomUUID } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import type { KnownPrincipal } from '../accounts/directory.js';
import type { AwsRuntime } from '../runtime.js';
import { AUTHN_CHECKS, type AuthnContext } from '../sigv4/authn-checks.js';
import { receivedRequest } from '../sigv4/received-request.js';
import { changesSharedState, type AnyQueryAction } from './action.js';
import { STORE_CHECKS } from '../store-checks.js';
import { parseFormBody, queryParameters } from './form-params.js';
import { announceRejection, enforceChecks, Rejection, retryAfter } from './rejection.js';
import { sendQueryError, sendXml } from './respond.js';
import { ROUTING_CHECKS, type RoutingContext } from './routing-checks.js';
import { IAM, STS, type QueryService } from './services.js';
import { successXml } from './xml.js';
import type { AuditNote } from '../cloudtrail/trail-event.js';
import { recordQueryCall } from '../cloudtrail/record-query-call.js';

/** Before the action is known, answer in the namespace of the API version the caller named. */
const serviceOfVersion = (version: string | null): QueryService => (version === IAM.version ? IAM : STS);

function reject(party: AwsRuntime, res: Response, service: QueryService, requestId: string, rejection: Rejection, action: string | null, caller?: KnownPrincipal): void {
  announceRejection(party, service.name, requestId, rejection, action, caller);
  const { failure, failedChecks } = rejection;
  sendQueryError(res, service, failure.status, failure.code, failure.message, requestId, failedChecks);
}

/**
 * `POST /` (and any other request the listener has no route for; GET carries its parameters in
 * the query string, as AWS accepts it): route by Action and Version, authenticate with SigV4 for the action's service, then
 * let the action module decide. Every refusal is an awsQuery ErrorResponse naming its check.
 */
export function awsQueryHandler(party: AwsRuntime, actions: ReadonlyMap<string, AnyQueryAction>): RequestHandler {
  return async (req, res) => {
    const requestId = randomUUID();
    res.locals.requestId = requestId;
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const params = queryParameters(req.originalUrl, parseFormBody(body, req.headers['content-type']));
    const routing: RoutingContext = { params, actions };
    let service = serviceOfVersion(params.get('Version'));
    let caller: KnownPrincipal | undefined;
    let authn: AuthnContext | undefined;
    const audit: AuditNote = {};
    // Only calls that reached their action are recorded: CloudTrail has no event for an unknown
    // action, and none for a request whose signature failed.
    const record = (error?: Rejection) => {
      if (routing.action && (caller || 'unsigned' in routing.action)) {
        recordQueryCall(party, { req, requestId, action: routing.action, params, audit, caller, accessKeyId: authn?.authorization?.accessKeyId, region: authn?.authorization?.region, error });
      }
    };
    try {
      await enforceChecks(ROUTING_CHECKS, routing);
      const action = routing.action!;
      service = action.service;
      await enforceChecks(STORE_CHECKS, { party, operation: action.name, changesSharedState: changesSharedState(action) });
      if ('unsigned' in action) {
        const result = await action.handle({ party, requestId, params, audit });
        sendXml(res, 200, requestId, successXml(service, action.name, requestId, result));
        record();
        return;
      }
      authn = { request: receivedRequest(req, body), service: service.name, now: party.ctx.clock.now(), directory: party.directory };
      await enforceChecks(AUTHN_CHECKS, authn);
      caller = authn.caller!;
      const result = await action.handle({ party, requestId, params, audit, caller, region: authn.authorization!.region, host: req.headers.host, secureTransport: req.secure });
      sendXml(res, 200, requestId, successXml(service, action.name, requestId, result));
      record();
    } catch (error) {
      if (!(error instanceof Rejection)) throw error;
      retryAfter(res, error);
      reject(party, res, service, requestId, error, params.get('Action'), caller);
      record(error);
    }
  };
}
