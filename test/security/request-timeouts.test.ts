import { Server as NetServer, connect as netConnect, type Socket } from 'node:net';
import { Server as HttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect as tlsConnect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { listen, type Listener } from '../../src/core/http/listen.js';
import { HEADERS_TIMEOUT_MS, REQUEST_TIMEOUT_MS, TIMEOUT_CHECK_INTERVAL_MS } from '../../src/core/http/request-timeouts.js';
import { startProxy, proxyConfigSchema, type ProxyParty } from '../../src/proxy/index.js';
import type { PartyContext } from '../../src/core/party-context.js';
import type { Fedlab } from '../../src/start-fedlab.js';
import { testPartyContext } from '../entra/helpers/party-context.js';
import { INSTANCE, startEveryListener } from './helpers/every-listener.js';

/**
 * Issue #18, docs/security.md "Request timeouts": a slow client (slowloris: headers byte by byte,
 * a body never finished, a connection that stays silent) is cut off within the bound on every listener.
 */

const SHORT_BOUND_MS = 1_500;
/** Cut off after the bound, and at most one check interval (1 s) plus scheduling later. */
const LATEST_MS = SHORT_BOUND_MS + TIMEOUT_CHECK_INTERVAL_MS + 1_000;

interface SlowResult { closedAfterMs: number; received: string }

/** Opens a connection, sends `prefix` at once, then `trickle` one byte every 100 ms until the server closes (6 s at most). */
function slowClient(open: () => Socket, prefix: string, trickle: string): Promise<SlowResult> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let received = '';
    let timer: NodeJS.Timeout | undefined;
    const socket = open();
    const giveUp = setTimeout(() => {
      socket.destroy();
      reject(new Error(`still open after 6 s; received ${JSON.stringify(received)}`));
    }, 6_000);
    const begin = () => {
      if (prefix) socket.write(prefix);
      let i = 0;
      if (trickle) timer = setInterval(() => socket.writable && socket.write(trickle[i++ % trickle.length]!), 100);
    };
    socket.once(socket.constructor.name === 'TLSSocket' ? 'secureConnect' : 'connect', begin);
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(timer);
      clearTimeout(giveUp);
      resolve({ closedAfterMs: Date.now() - started, received });
    });
  });
}

const HEADERS_BYTE_BY_BYTE = 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ';
const bodyNeverFinished = (host: string) => [`POST / HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"a":"`, 'aaaa'] as const;

function expectCutOffInBound(result: SlowResult, answer?: RegExp) {
  expect(result.closedAfterMs).toBeGreaterThanOrEqual(SHORT_BOUND_MS - 50);
  expect(result.closedAfterMs).toBeLessThanOrEqual(LATEST_MS);
  if (answer) expect(result.received).toMatch(answer);
}

describe('TMO-01: every listener of one fedlab has the documented bounds', () => {
  const servers = new Set<NetServer>();
  const emit = NetServer.prototype.emit;
  let fedlab: Fedlab;
  beforeAll(async () => {
    // Every server that starts listening (or starts its timeout checks: the proxy's inner servers) is recorded.
    NetServer.prototype.emit = function (this: NetServer, event: string | symbol, ...args: unknown[]) {
      if (event === 'listening') servers.add(this);
      return (emit as (this: NetServer, ...a: unknown[]) => boolean).call(this, event, ...args);
    } as typeof emit;
    try {
      fedlab = await startEveryListener();
    } finally {
      NetServer.prototype.emit = emit;
    }
  });
  afterAll(() => fedlab?.close());

  test('AWS, Entra, vault, console, GitHub, IMDS, container credentials and the proxy: requestTimeout 30 s, headersTimeout 20 s, checked every second', () => {
    const portOf = (url: string) => Number(new URL(url).port);
    const listenerPorts = {
      aws: portOf(fedlab.listeners.aws),
      entra: portOf(fedlab.listeners.entra!),
      vault: portOf(fedlab.listeners.vault!),
      console: portOf(fedlab.listeners.console!),
      github: portOf(fedlab.urls.github!.url),
      imds: portOf(fedlab.aws.urls.imds[INSTANCE]!),
      containerCredentials: portOf(Object.values(fedlab.aws.urls.ecs)[0]!),
      proxy: fedlab.proxy!.port,
    };
    const byPort = new Map([...servers].filter((s) => s.address()).map((s) => [(s.address() as { port: number }).port, s]));
    const httpServers = [...servers].filter((s): s is HttpServer => 'requestTimeout' in s);
    const bounds = (s: HttpServer) => ({ requestTimeout: s.requestTimeout, headersTimeout: s.headersTimeout, checkEvery: (s as unknown as { connectionsCheckingInterval: number }).connectionsCheckingInterval });
    const documented = { requestTimeout: REQUEST_TIMEOUT_MS, headersTimeout: HEADERS_TIMEOUT_MS, checkEvery: TIMEOUT_CHECK_INTERVAL_MS };
    expect({ requestTimeout: REQUEST_TIMEOUT_MS, headersTimeout: HEADERS_TIMEOUT_MS }).toEqual({ requestTimeout: 30_000, headersTimeout: 20_000 });
    for (const [name, port] of Object.entries(listenerPorts)) {
      const server = byPort.get(port);
      expect([name, server !== undefined]).toEqual([name, true]);
      if (name === 'proxy') expect(server).not.toBeInstanceOf(HttpServer);
      else expect([name, bounds(server as HttpServer)]).toEqual([name, documented]);
    }
    // The proxy's front (CONNECT, absolute-form) and tunnelled (inside TLS) servers listen on no port.
    const inner = httpServers.filter((s) => !s.address());
    expect(inner.length).toBeGreaterThanOrEqual(2);
    for (const s of inner) expect(bounds(s)).toEqual(documented);
    // No fedlab HTTP server is left with Node's defaults.
    for (const s of httpServers) expect(bounds(s)).toEqual(documented);
  });
});

describe('TMO-02: a slow client against a listener (listen()) with a 1.5 s bound', () => {
  let plain: Listener;
  let secure: Listener;
  let ca: string;
  beforeAll(async () => {
    const ctx = await testPartyContext();
    ca = ctx.tls.caCertPem;
    // As fedlab's parsers do: the answer comes once the body is read.
    const app = (req: IncomingMessage, res: ServerResponse) => req.resume().on('end', () => res.end('ok'));
    plain = await listen(app, { host: '127.0.0.1', port: 0, requestTimeoutMs: SHORT_BOUND_MS });
    secure = await listen(app, { host: '127.0.0.1', port: 0, requestTimeoutMs: SHORT_BOUND_MS, tls: { cert: ctx.tls.serverCertPem, key: ctx.tls.serverKeyPem } });
  });
  afterAll(async () => {
    await plain?.close();
    await secure?.close();
  });

  test('headers byte by byte and a body never finished are answered 408 and closed, over HTTP and HTTPS; a prompt request is answered', async () => {
    const http = () => netConnect(plain.port, '127.0.0.1');
    const https = () => tlsConnect({ port: secure.port, host: '127.0.0.1', ca, servername: 'localhost' });
    const [body, bodyTrickle] = bodyNeverFinished('127.0.0.1');
    const results = await Promise.all([
      slowClient(http, '', HEADERS_BYTE_BY_BYTE),
      slowClient(http, body, bodyTrickle),
      slowClient(https, '', HEADERS_BYTE_BY_BYTE),
      slowClient(https, body, bodyTrickle),
    ]);
    for (const r of results) expectCutOffInBound(r, /^HTTP\/1\.1 408 Request Timeout\r\n/);
    // Not Node's bare 408: the listener's format (JSON here, as jsonRefusal gives) naming the check.
    for (const r of results) {
      expect(r.received).toMatch(/\r\nx-fedlab-failed-check: request-timeout\r\n/);
      expect(JSON.parse(r.received.slice(r.received.indexOf('\r\n\r\n') + 4))).toEqual({ error: { code: 'RequestTimeout', message: 'the request did not arrive in time (check request-timeout)' } });
    }
    const prompt = await slowClient(http, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n', '');
    expect(prompt.received).toMatch(/^HTTP\/1\.1 200 OK[\s\S]*\r\n\r\nok$/);
    expect(prompt.closedAfterMs).toBeLessThan(SHORT_BOUND_MS);
  }, 10_000);
});

/** The proxy's own format: JSON naming the check. */
const PROXY_408 = /^HTTP\/1\.1 408 Request Timeout\r\ncontent-type: application\/json\r\nx-fedlab-proxy-check: request-timeout\r\n[\s\S]*\r\n\r\n\{"error":"RequestTimeout","check":"request-timeout","message":"the request did not arrive in time"\}$/;

describe('TMO-03: a slow client against the proxy with a 1.5 s bound', () => {
  let proxy: ProxyParty;
  let ctx: PartyContext;
  let target: Listener;
  beforeAll(async () => {
    ctx = await testPartyContext();
    // What the proxy forwards to: a listener with the default 30 s bound that answers once the body is read.
    target = await listen((req, res) => req.resume().on('end', () => res.end('ok')), { host: '127.0.0.1', port: 0 });
    proxy = await startProxy(proxyConfigSchema.parse({ port: 0 }), ctx, { requestTimeoutMs: SHORT_BOUND_MS });
    proxy.setRoutes({ aws: target.url, issuerIds: [], vaults: {} });
  });
  afterAll(async () => {
    await proxy?.close();
    await target?.close();
  });

  test('a silent connection, headers byte by byte, a body never finished, a CONNECT never followed by TLS, a TLS handshake or headers inside the tunnel byte by byte: all cut off', async () => {
    const raw = () => netConnect(proxy.port, '127.0.0.1');
    const CONNECT = 'CONNECT sts.amazonaws.com:443 HTTP/1.1\r\nHost: sts.amazonaws.com:443\r\n\r\n';
    /** CONNECT, then TLS to sts.amazonaws.com through the tunnel (fedlab's CA), then `trickle` inside it. */
    const tunnelled = (trickle: string) =>
      new Promise<SlowResult>((resolve, reject) => {
        const socket = raw();
        socket.once('connect', () => socket.write(CONNECT));
        socket.once('data', (answer: Buffer) => {
          expect(answer.toString('latin1')).toMatch(/^HTTP\/1\.1 200 /);
          slowClient(() => tlsConnect({ socket, ca: ctx.tls.caCertPem, servername: 'sts.amazonaws.com' }), '', trickle).then(resolve, reject);
        });
      });
    const [body, bodyTrickle] = bodyNeverFinished('sts.amazonaws.com');
    const absoluteBody = body.replace('POST / ', 'POST http://sts.amazonaws.com/ ');
    const results = await Promise.all([
      slowClient(raw, '', ''),
      slowClient(raw, '', HEADERS_BYTE_BY_BYTE),
      slowClient(raw, absoluteBody, bodyTrickle),
      slowClient(raw, CONNECT, ''),
      // A ClientHello sent byte by byte straight to the port (how fedlab's own fetches reach it): 0x16 first.
      slowClient(raw, '\x16', '\x03'),
      tunnelled(HEADERS_BYTE_BY_BYTE.replace('127.0.0.1', 'sts.amazonaws.com')),
    ]);
    const [silent, headers, slowBody, connectSilent, slowHandshake, inTunnel] = results;
    expectCutOffInBound(silent!);
    expect(silent!.received).toBe('');
    expectCutOffInBound(headers!, PROXY_408);
    expectCutOffInBound(slowBody!, PROXY_408);
    expectCutOffInBound({ ...connectSilent!, received: connectSilent!.received.replace(/^HTTP\/1\.1 200 Connection Established\r\n\r\n/, '') });
    expect(connectSilent!.received).toBe('HTTP/1.1 200 Connection Established\r\n\r\n');
    expectCutOffInBound(slowHandshake!);
    expect(slowHandshake!.received).toBe('');
    // Measured from the TLS connection's start inside the tunnel.
    expectCutOffInBound(inTunnel!, PROXY_408);
  }, 10_000);
});
