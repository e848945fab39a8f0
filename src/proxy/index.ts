import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { createSecureContext, TLSSocket } from 'node:tls';
import { runChecks, type Check } from '../core/checks.js';
import { answerOnSocket, clientErrorRefusal } from '../core/http/client-errors.js';
import type { PartyContext } from '../core/party-context.js';
import { createHostCertificates } from '../core/tls/host-certificates.js';
import { enforceTimeoutsWithoutListening, requestTimeouts } from '../core/http/request-timeouts.js';
import { drainBodyWithin, UNREAD_BODY_LIMIT_BYTES } from '../core/http/unread-body.js';
import { ABSOLUTE_FORM_CHECKS, CONNECT_CHECKS, LISTENER_CHECKS, SERVER_NAME_CHECKS, TUNNEL_REQUEST_CHECKS, type ProxyCheckContext } from './checks.js';
import type { ProxyConfig } from './config.js';
import { createForwarder } from './forward.js';
import { createRouteTable, type RouteTable, type RouteTargets } from './routes.js';

export { proxyConfigSchema, type ProxyConfig, type ProxyConfigInput } from './config.js';
export type { RouteTargets } from './routes.js';

export interface ProxyParty {
  /** `http://127.0.0.1:4584`: what HTTPS_PROXY names. */
  urls: { url: string };
  readonly port: number;
  /** Where each cloud host name goes; set once the other listeners have their ports. */
  setRoutes(targets: RouteTargets): void;
  close(): Promise<void>;
}

interface Refusal {
  status: number;
  check: string;
  code: string;
  message: string;
}

const TLS_HANDSHAKE = 0x16;
/** A missing Host is refused by fedlab's own checks (naming them), not by Node's bare 400. */
const NAMED_HOST_REFUSALS = { requireHostHeader: false } as const;

export interface ProxyOptions {
  /** Whole-request timeout, as `listen`'s (default 30 s, headers 20 s); also how long a new connection may stay silent. */
  requestTimeoutMs?: number;
}

/** The proxy's own route reads no body (forwarded requests get their listener's own limit). */
const OWN_ROUTE_BODY_TOO_LARGE: Refusal = { status: 413, check: 'body-size', code: 'RequestEntityTooLarge', message: `the request body is larger than ${UNREAD_BODY_LIMIT_BYTES / 1024} KiB (the proxy's own route reads none)` };

function refusalBody(refusal: Refusal): string {
  return JSON.stringify({ error: refusal.code, check: refusal.check, message: refusal.message });
}

/**
 * The forward proxy: `CONNECT host:443` and absolute-form `http://` requests for the clouds' own
 * host names, answered by fedlab's listeners. TLS is terminated here with certificates from
 * fedlab's CA; anything not routed is refused and no connection is ever opened outside fedlab.
 * A TLS ClientHello sent straight to the port is served by its SNI name (fedlab's own fetches).
 */
export async function startProxy(config: ProxyConfig, ctx: PartyContext, options: ProxyOptions = {}): Promise<ProxyParty> {
  const timeouts = requestTimeouts(options.requestTimeoutMs);
  let routes: RouteTable = () => undefined;
  const certificates = createHostCertificates(ctx.tls);
  const forwarder = createForwarder(ctx.tls.caCertPem, ctx.logger);
  const fallback = createSecureContext({ cert: ctx.tls.serverCertPem, key: ctx.tls.serverKeyPem });
  /** The host each terminated TLS connection was opened for. */
  const tunnelHost = new WeakMap<Socket, string>();

  const check = async (checks: readonly Check<ProxyCheckContext>[], input: Omit<ProxyCheckContext, 'routes'>): Promise<{ ctx: ProxyCheckContext; refusal?: Refusal }> => {
    const checked: ProxyCheckContext = { routes, ...input };
    const run = await runChecks(checks, checked);
    if (run.ok) return { ctx: checked };
    const refusal = { status: run.failure!.status, check: run.failedCheck!, code: run.failure!.code, message: run.failure!.message };
    ctx.logger.warn({ target: input.target.slice(0, 300), host: checked.host, failedCheck: refusal.check }, `proxy refused ${checked.host ?? input.target.slice(0, 100)} at check ${refusal.check}`);
    return { ctx: checked, refusal };
  };
  const respond = (res: ServerResponse, refusal: Refusal) => {
    const body = refusalBody(refusal);
    res.writeHead(refusal.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-fedlab-proxy-check': refusal.check, connection: 'close' }).end(body);
  };
  const pathOf = (url: string) => {
    const parsed = new URL(url, 'http://fedlab.invalid');
    return parsed.pathname + parsed.search;
  };

  // Requests inside a terminated TLS connection: the Host must be the name the connection is for.
  const tunnelled = createHttpServer({ ...NAMED_HOST_REFUSALS, ...timeouts }, async (req, res) => {
    const host = tunnelHost.get(req.socket)!;
    const { ctx: checked, refusal } = await check(TUNNEL_REQUEST_CHECKS, { target: host, host, expectedPort: 443, hostHeader: req.headers.host, route: routes(host) });
    if (refusal) return respond(res, refusal);
    forwarder.forward(req, res, checked.route!, pathOf(req.url ?? '/'));
  });

  const terminate = (socket: Socket, connectHost: string | undefined) => {
    const secure = new TLSSocket(socket, {
      isServer: true,
      secureContext: fallback,
      SNICallback: (name, done) => {
        void (async () => {
          const { refusal } = await check(SERVER_NAME_CHECKS, { target: name, host: name.toLowerCase(), expectedPort: 443 });
          if (refusal) return done(new Error(refusal.message));
          if (connectHost && name.toLowerCase() !== connectHost) {
            ctx.logger.warn({ host: connectHost, serverName: name }, 'proxy refused a TLS server name that differs from the CONNECT target');
            return done(new Error(`TLS server name ${name} differs from the CONNECT target ${connectHost}`));
          }
          done(null, await certificates.contextFor(name));
        })().catch((error: Error) => done(error));
      },
    });
    secure.on('error', (error) => ctx.logger.debug({ host: connectHost, err: error.message }, 'proxy TLS connection failed'));
    // A handshake sent byte by byte gets the headers' bound too; then the tunnelled server's own checks apply.
    const handshakeDeadline = setTimeout(() => secure.destroy(), timeouts.headersTimeout);
    secure.once('close', () => clearTimeout(handshakeDeadline));
    secure.on('secure', () => {
      clearTimeout(handshakeDeadline);
      const name = typeof secure.servername === 'string' ? secure.servername.toLowerCase() : '';
      if (!name) {
        ctx.logger.warn({ host: connectHost }, 'proxy refused TLS without a server name (SNI)');
        return secure.destroy();
      }
      tunnelHost.set(secure, name);
      tunnelled.emit('connection', secure);
    });
  };

  // Plain proxy requests: CONNECT, or an absolute-form http:// request; origin-form is for the listener itself.
  const front = createHttpServer({ ...NAMED_HOST_REFUSALS, ...timeouts }, async (req: IncomingMessage, res: ServerResponse) => {
    const target = req.url ?? '';
    if (target.startsWith('/')) {
      const { refusal } = await check(LISTENER_CHECKS, { target: target.split('?')[0]!, expectedPort: 80, hostHeader: req.headers.host, listenerPort: req.socket.localPort ?? 0 });
      if (refusal) return respond(res, refusal);
      if (!(await drainBodyWithin(req))) return respond(res, OWN_ROUTE_BODY_TOO_LARGE);
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify({ status: 'ok', party: 'proxy' }));
      return;
    }
    const { ctx: checked, refusal } = await check(ABSOLUTE_FORM_CHECKS, { target, expectedPort: 80, hostHeader: req.headers.host });
    if (refusal) return respond(res, refusal);
    forwarder.forward(req, res, checked.route!, pathOf(req.url!));
  });
  front.on('connect', async (req: IncomingMessage, socket: Socket, head: Buffer) => {
    socket.on('error', (error) => ctx.logger.debug({ err: error.message }, 'proxy client connection failed'));
    const { ctx: checked, refusal } = await check(CONNECT_CHECKS, { target: req.url ?? '', expectedPort: 443 });
    if (refusal) {
      const body = refusalBody(refusal);
      socket.end(`HTTP/1.1 ${refusal.status} ${refusal.status === 400 ? 'Bad Request' : 'Forbidden'}\r\ncontent-type: application/json\r\nx-fedlab-proxy-check: ${refusal.check}\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
      return;
    }
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length) socket.unshift(head);
    terminate(socket, checked.host!);
  });
  // Node's own answers to a request it cannot take, in the proxy's format.
  const clientError = (error: Error & { code?: string }, socket: Duplex) => {
    const refusal = clientErrorRefusal(error);
    ctx.logger.warn({ err: error.message, check: refusal.check }, `proxy refused a request at check ${refusal.check}`);
    answerOnSocket(socket, error, refusal.status, { contentType: 'application/json', headers: { 'x-fedlab-proxy-check': refusal.check }, body: refusalBody(refusal) });
  };
  front.on('clientError', clientError);
  tunnelled.on('clientError', clientError);

  // Both servers only get sockets from the one below, so Node's timeout checks are started by hand.
  enforceTimeoutsWithoutListening(front);
  enforceTimeoutsWithoutListening(tunnelled);

  const sockets = new Set<Socket>();
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    // Until its first byte a connection belongs to no HTTP server: it gets the headers' bound here.
    socket.setTimeout(timeouts.headersTimeout, () => socket.destroy());
    socket.once('data', (first: Buffer) => {
      socket.setTimeout(0);
      socket.pause();
      socket.unshift(first);
      // The TLS socket takes the buffered ClientHello itself; the HTTP parser needs the stream flowing again.
      if (first[0] === TLS_HANDSHAKE) return terminate(socket, undefined);
      front.emit('connection', socket);
      socket.resume();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  ctx.logger.info({ url }, 'proxy listening');
  return {
    urls: { url },
    port,
    setRoutes(targets) {
      routes = createRouteTable(targets);
    },
    close: () =>
      new Promise<void>((done) => {
        forwarder.close();
        front.close();
        tunnelled.close();
        server.close(() => done());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
