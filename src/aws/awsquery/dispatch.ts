import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { KnownPrincipal } from '../accounts/directory.js';
import type { AwsRuntime } from '../runtime.js';
import { AUTHN_CHECKS, type AuthnContext } from '../sigv4/authn-checks.js';
import type { ReceivedRequest } from '../sigv4/expected-signature.js';
import type { AnyQueryAction } from './action.js';
import { parseFormBody } from './form-params.js';
import { enforceChecks, Rejection } from './rejection.js';
import { sendQueryError, sendXml } from './respond.js';
import { ROUTING_CHECKS, type RoutingContext } from './routing-checks.js';
import { IAM, STS, type QueryService } from './services.js';
import { successXml } from './xml.js';

function receivedRequest(req: Request, body: Buffer): ReceivedRequest {
  const url = new URL(req.originalUrl, 'http://fedlab.invalid');
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    query[key] = values.length === 1 ? values[0]! : values;
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return { method: req.method, path: url.pathname, query, headers, body };
}

/** Before the action is known, answer in the namespace of the API version the caller named. */
const serviceOfVersion = (version: string | null): QueryService => (version === IAM.version ? IAM : STS);

function reject(party: AwsRuntime, res: Response, service: QueryService, requestId: string, rejection: Rejection, action: string | null, caller?: KnownPrincipal): void {
  const { failure, failedChecks } = rejection;
  party.ctx.events.publish({
    party: 'aws',
    type: `${service.name}-rejected`,
    action,
    code: failure.code,
    failedCheck: failedChecks[0],
    failedChecks,
    requestId,
    // What the deciding check adds for the console, audit and the labs (an authorization's layer and statement).
    ...(failure.extra.event as Record<string, unknown> | undefined),
    ...(caller ? { accountId: caller.account.id, principal: caller.principal.arn } : {}),
  });
  party.ctx.logger.info({ requestId, action, code: failure.code, failedChecks }, `${action ?? 'request'} rejected: ${failure.code}`);
  sendQueryError(res, service, failure.status, failure.code, failure.message, requestId, failedChecks);
}

/**
 * `POST /`: route by Action and Version, authenticate with SigV4 for the action's service, then
 * let the action module decide. Every refusal is an awsQuery ErrorResponse naming its check.
 */
export function awsQueryHandler(party: AwsRuntime, actions: ReadonlyMap<string, AnyQueryAction>): RequestHandler {
  return async (req, res) => {
    const requestId = randomUUID();
    res.locals.requestId = requestId;
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const params = parseFormBody(body, req.headers['content-type']);
    const routing: RoutingContext = { params, actions };
    let service = serviceOfVersion(params.get('Version'));
    let caller: KnownPrincipal | undefined;
    try {
      await enforceChecks(ROUTING_CHECKS, routing);
      const action = routing.action!;
      service = action.service;
      if ('unsigned' in action) {
        const result = await action.handle({ party, requestId, params });
        sendXml(res, 200, requestId, successXml(service, action.name, requestId, result));
        return;
      }
      const authn: AuthnContext = { request: receivedRequest(req, body), service: service.name, now: party.ctx.clock.now(), directory: party.directory };
      await enforceChecks(AUTHN_CHECKS, authn);
      caller = authn.caller!;
      const result = await action.handle({ party, requestId, params, caller, region: authn.authorization!.region, host: req.headers.host, secureTransport: req.secure });
      sendXml(res, 200, requestId, successXml(service, action.name, requestId, result));
    } catch (error) {
      if (!(error instanceof Rejection)) throw error;
      reject(party, res, service, requestId, error, params.get('Action'), caller);
    }
  };
}
