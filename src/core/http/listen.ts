import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { SecureContext } from 'node:tls';

/** Picks the certificate for the name a client asked for (SNI); the default one when it calls back with none. */
export type SniCallback = (servername: string, done: (error: Error | null, context?: SecureContext) => void) => void;
import { hostRefusal, type HostAllowList } from './host-allow-list.js';
import { publicHostNames } from '../config/public-url.js';
import { setSecurityHeaders } from './common-middleware.js';
import { withRequestOrigin } from './request-origin.js';
import { requestTimeouts } from './request-timeouts.js';
import { answerOnSocket, clientErrorRefusal, type RawAnswer } from './client-errors.js';

export interface ListenOptions {
  host: string;
  port: number;
  /** Serve HTTPS with this certificate chain and key (PEM). */
  tls?: { cert: string; key: string; sniCallback?: SniCallback };
  /** Whole-request timeout (default 30 s; headers within min(this, 20 s)), so a slow client cannot hold a socket. */
  requestTimeoutMs?: number;
  /** Host names answered besides loopback names and IP literals (DNS-rebinding guard, every route). */
  hostnames?: HostAllowList['hostnames'];
  /** The error code of a `Host` refusal in the listener's own API style (default `HostNotAllowed`). */
  hostErrorCode?: string;
  /**
   * A refusal before any route in the listener's own protocol (awsQuery XML, say); JSON when absent.
   * Used for a foreign `Host` (403) and for requests Node cannot take (408, 431, 400: `status`).
   */
  hostRefusalAnswer?: (code: string, message: string, path: string, status?: number) => HostRefusalAnswer;
  /** `<party>.publicUrl`: the balancer's origin; its Host is answered as this listener's own. */
  publicUrl?: string;
}

/** A refusal's content type, body and extra headers: the same shape whether a route or the socket answers it. */
export type HostRefusalAnswer = RawAnswer;

export const jsonRefusal = (code: string, message: string): HostRefusalAnswer => ({
  contentType: 'application/json; charset=utf-8',
  body: JSON.stringify({ error: { code, message } }),
});

export interface Listener {
  readonly server: Server;
  readonly port: number;
  /** Base URL with no trailing slash, e.g. http://127.0.0.1:4580 */
  readonly url: string;
  /** What clients are told to use: `publicUrl` when configured (a balancer in front), else `url`. */
  readonly publicUrl: string;
  close(): Promise<void>;
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/** Every listener refuses a foreign `Host` before any route runs, so a rebinding page reaches nothing. */
function guardHost(handler: RequestListener, options: ListenOptions): RequestListener {
  const { hostnames, hostErrorCode: code = 'HostNotAllowed', hostRefusalAnswer: answer = jsonRefusal } = options;
  return (req, res) => {
    const port = req.socket.localPort ?? 0;
    const refusal = hostRefusal(req.headers.host, port, { hostnames });
    if (refusal === undefined) return withRequestOrigin(req, () => handler(req, res));
    setSecurityHeaders(res);
    const { contentType, body, headers } = answer(code, refusal, req.url ?? '/');
    res.writeHead(403, { ...headers, 'content-type': contentType, 'cache-control': 'no-store' });
    res.end(body);
  };
}

export function listen(handler: RequestListener, options: ListenOptions): Promise<Listener> {
  const hostnames = [...(options.hostnames ?? []), ...(options.publicUrl ? publicHostNames(options.publicUrl) : [])];
  const guarded = guardHost(handler, { ...options, hostnames });
  const timeouts = requestTimeouts(options.requestTimeoutMs);
  const server: Server = options.tls
    ? createHttpsServer({ ...timeouts, cert: options.tls.cert, key: options.tls.key, ...(options.tls.sniCallback ? { SNICallback: options.tls.sniCallback } : {}) }, guarded)
    : createHttpServer(timeouts, guarded);
  server.keepAliveTimeout = 5_000;
  // Node's own 408/431/400 have no body; these name the check in the listener's format, as every other refusal does.
  const answer = options.hostRefusalAnswer ?? jsonRefusal;
  server.on('clientError', (error: Error & { code?: string }, socket) => {
    const refusal = clientErrorRefusal(error);
    const { contentType, body, headers } = answer(refusal.code, `${refusal.message} (check ${refusal.check})`, '/', refusal.status);
    answerOnSocket(socket, error, refusal.status, { contentType, body, headers: { ...headers, 'x-fedlab-failed-check': refusal.check } });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      const scheme = options.tls ? 'https' : 'http';
      const url = `${scheme}://${urlHost(options.host)}:${port}`;
      resolve({
        server,
        port,
        url,
        publicUrl: options.publicUrl ?? url,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
