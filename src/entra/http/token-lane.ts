import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import express from 'express';
import { setSecurityHeaders } from '../../core/http/common-middleware.js';
import { tokenEndpoint } from '../actions/token.js';
import { tokenFault } from '../control/token-fault.js';
import type { RawForm } from '../exchange/exchange-context.js';
import type { EntraRuntime } from '../runtime.js';
import { clientRateLimit } from './client-rate-limit.js';
import { sendHttpLayerError } from './http-layer-error.js';
import { requestIds } from './request-ids.js';
import type { TokenGate, TokenRequest } from './token-request.js';

/** A token request is a few kB (a 16 kB assertion at most); anything larger is refused. */
const MAX_FORM_BYTES = 64 * 1024;

/** Express's own matching of `/:tenant/oauth2/v2.0/token` and `/:tenant/oauth2/token`: any case, optional trailing slash. */
const TOKEN_PATH = /^\/([^/]+)\/oauth2\/(v2\.0\/)?token\/?$/i;
/** First segments that belong to other routes on the same listener (Graph, runtime control). */
const NOT_TENANTS = new Set(['v1.0', 'beta', '_fedlab']);

type NodeMiddleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

interface TokenRoute {
  endpointVersion: 1 | 2;
  tenantSegment: string;
  path: string;
}

/** The path of origin-form (`/a/b?q`) and, as Express reads it too, absolute-form (`https://host/a/b`) targets. */
function pathOf(url: string | undefined): string {
  if (!url) return '';
  if (!url.startsWith('/')) {
    try {
      return new URL(url).pathname;
    } catch {
      return '';
    }
  }
  const query = url.indexOf('?');
  return query < 0 ? url : url.slice(0, query);
}

function tokenRoute(url: string | undefined): TokenRoute | undefined {
  const path = pathOf(url);
  const match = TOKEN_PATH.exec(path);
  if (!match || NOT_TENANTS.has(match[1]!.toLowerCase())) return undefined;
  let tenantSegment = match[1]!;
  try {
    tenantSegment = decodeURIComponent(tenantSegment);
  } catch {
    // Left as sent: the tenant check refuses it (AADSTS900023) like any other malformed tenant.
  }
  return { endpointVersion: match[2] ? 2 : 1, tenantSegment, path };
}

/**
 * `POST` to the token endpoints, served before Express routes anything: the hottest path skips
 * the router's walk over every layer and Express's response helpers (about a fifth of the
 * exchange's CPU time, measured with `npm run bench -- --cpu-prof`). The form is still read by
 * body-parser, so limits, charsets and compressed bodies behave exactly as on the other routes.
 * Every other request, token endpoints under other methods included, goes to `fallback`.
 */
export function tokenLane(runtime: EntraRuntime, fallback: RequestListener): RequestListener {
  const readForm = express.urlencoded({ extended: false, limit: MAX_FORM_BYTES, parameterLimit: 100 }) as unknown as NodeMiddleware;
  const gates: TokenGate[] = [clientRateLimit(runtime), tokenFault(runtime)];
  const exchange = tokenEndpoint(runtime);
  return (req, res) => {
    const route = req.method === 'POST' ? tokenRoute(req.url) : undefined;
    if (!route) return fallback(req, res);
    setSecurityHeaders(res);
    readForm(req, res, (error) => {
      const body = (req as IncomingMessage & { body?: unknown }).body;
      const form: RawForm = body && typeof body === 'object' ? (body as RawForm) : {};
      const request: TokenRequest = { req, res, ...route, form, ids: requestIds(req, form) };
      const fail = (failure: unknown) => sendHttpLayerError(runtime, req, res, request.ids, failure);
      if (error) return fail(error);
      // Express caught what a handler threw; outside it, a throw here would end the process.
      try {
        const passed = passGates(gates, request);
        if (passed === true) exchange(request).catch(fail);
        else if (passed !== false) passed.then((through) => (through ? exchange(request) : undefined)).catch(fail);
      } catch (failure) {
        fail(failure);
      }
    });
  };
}

/** true when every gate lets the request through; stays synchronous until a gate answers with a promise. */
function passGates(gates: readonly TokenGate[], request: TokenRequest, from = 0): boolean | Promise<boolean> {
  for (let i = from; i < gates.length; i++) {
    const answered = gates[i]!(request);
    if (answered === true) return false;
    if (answered !== false) return answered.then((done) => (done ? false : passGates(gates, request, i + 1)));
  }
  return true;
}
