import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Logger } from '../core/logger.js';
import { trustContext } from '../core/tls/trust-context.js';
import type { Route } from './routes.js';

/** Headers meant for the proxy hop itself (RFC 9110 §7.6.1), never passed on. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authorization', 'proxy-authenticate', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

export interface Forwarder {
  /** Send the request to the route's listener with its Host header unchanged (SigV4 signs it). */
  forward(req: IncomingMessage, res: ServerResponse, route: Route, path: string): void;
  close(): void;
}

/** Keep-alive connections to fedlab's own listeners; HTTPS ones are trusted through fedlab's CA. */
export function createForwarder(caPem: string, logger: Logger): Forwarder {
  const http = new HttpAgent({ keepAlive: true });
  const https = new HttpsAgent({ keepAlive: true, secureContext: trustContext(caPem) });
  return {
    forward(req, res, route, path) {
      if (route.unserved) {
        const { status, contentType, body } = route.unserved;
        req.resume();
        res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body), 'x-fedlab-proxy-check': 'party-running' }).end(body);
        return;
      }
      const upstream = new URL(route.upstream);
      const headers: OutgoingHttpHeaders = {};
      for (const [name, value] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(name) && value !== undefined) headers[name] = value;
      const secure = upstream.protocol === 'https:';
      const send = secure ? httpsRequest : httpRequest;
      const outbound = send(
        { hostname: upstream.hostname.replace(/^\[|\]$/g, ''), port: upstream.port, method: req.method, path: route.pathPrefix + path, headers, agent: secure ? https : http,
          // Node would take the TLS server name from the Host header (the cloud's name); fedlab's listeners answer as localhost.
          ...(secure ? { servername: 'localhost' } : {}) },
        (answer) => {
          const passed: OutgoingHttpHeaders = {};
          for (const [name, value] of Object.entries(answer.headers)) if (!HOP_BY_HOP.has(name) && value !== undefined) passed[name] = value;
          res.writeHead(answer.statusCode ?? 502, answer.statusMessage, passed);
          answer.pipe(res);
        },
      );
      outbound.on('error', (error) => {
        logger.warn({ host: req.headers.host, upstream: route.upstream, err: error.message }, 'proxy could not reach the fedlab listener');
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'BadGateway', message: `fedlab's listener for ${req.headers.host} did not answer: ${error.message}` }));
        else res.destroy();
      });
      req.on('aborted', () => outbound.destroy());
      req.pipe(outbound);
    },
    close() {
      http.destroy();
      https.destroy();
    },
  };
}
