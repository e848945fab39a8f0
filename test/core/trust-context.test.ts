import { createServer as createHttpServer, request as httpRequest, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer, request as httpsRequest, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import pino from 'pino';
import { createPartyClient } from '../../src/client/party-client.js';
import { createHttpsAgent, createTrustingFetch } from '../../src/client/trust.js';
import { DEFAULT_FETCH_POLICY, fetchJson, type FetchPolicy } from '../../src/core/fetch/hardened-fetch.js';
import { trustedRoots } from '../../src/core/fetch/trusted-roots.js';
import { createStateStore } from '../../src/core/state-dir.js';
import { loadOrCreateLocalTls, type LocalTls } from '../../src/core/tls/local-ca.js';
import { trustContext } from '../../src/core/tls/trust-context.js';
import { createForwarder } from '../../src/proxy/forward.js';

/**
 * Every outbound TLS connection fedlab opens shares one client context per trust list. Built per
 * connection from `ca`, each held a freshly parsed certificate store in native memory until a GC:
 * a room of 30 behind the proxy (Entra fetching real-form issuers with Node's roots plus fedlab's
 * CA) reached 729 MiB RSS that way, 259 MiB with the shared context.
 */
const CONNECTIONS = 8;
let ours: LocalTls;
let stranger: LocalTls;
let server: HttpsServer;
let strangerServer: HttpsServer;
let origin: string;
let strangerOrigin: string;
let handshakes = 0;

function answerAndClose(server: HttpsServer) {
  // connection: close makes every request a new TLS connection, so a per-connection context would show.
  server.on('request', (_req, res) => res.writeHead(200, { 'content-type': 'application/json', connection: 'close' }).end('{"ok":true}'));
}

async function listen(server: HttpsServer | HttpServer): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

beforeAll(async () => {
  ours = await loadOrCreateLocalTls(createStateStore());
  stranger = await loadOrCreateLocalTls(createStateStore());
  server = createHttpsServer({ cert: ours.serverCertPem, key: ours.serverKeyPem });
  server.on('secureConnection', () => handshakes++);
  answerAndClose(server);
  strangerServer = createHttpsServer({ cert: stranger.serverCertPem, key: stranger.serverKeyPem });
  answerAndClose(strangerServer);
  origin = `https://localhost:${await listen(server)}`;
  strangerOrigin = `https://localhost:${await listen(strangerServer)}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await new Promise<void>((resolve) => strangerServer.close(() => resolve()));
});

/** How many TLS contexts Node built while `run` opened its connections (Node's tls.connect calls this export). */
async function contextsBuiltDuring(run: () => Promise<void>): Promise<{ contexts: number; handshakes: number }> {
  const original = tls.createSecureContext;
  let contexts = 0;
  tls.createSecureContext = ((options?: tls.SecureContextOptions) => {
    contexts++;
    return original(options);
  }) as typeof tls.createSecureContext;
  const before = handshakes;
  try {
    await run();
  } finally {
    tls.createSecureContext = original;
  }
  return { contexts, handshakes: handshakes - before };
}

const policy = (ca: string): FetchPolicy => ({ ...DEFAULT_FETCH_POLICY, requireHttps: true, addresses: { allowLoopback: true, allowPrivate: false, allowLinkLocal: false }, ca });

function repeat(run: () => Promise<unknown>): () => Promise<void> {
  return async () => {
    for (let i = 0; i < CONNECTIONS; i++) await run();
  };
}

test('one context per trust list: the same PEM gives the same context, another PEM another', () => {
  expect(trustContext(ours.caCertPem)).toBe(trustContext(ours.caCertPem));
  expect(trustContext(stranger.caCertPem)).not.toBe(trustContext(ours.caCertPem));
});

test('the hardened fetch (Entra and AWS fetching issuers) builds no context per connection for Node\'s roots plus fedlab\'s CA', async () => {
  const roots = trustedRoots(ours.caCertPem);
  const measured = await contextsBuiltDuring(repeat(() => fetchJson(`${origin}/doc`, policy(roots))));
  expect(measured.handshakes).toBe(CONNECTIONS);
  expect(measured.contexts).toBeLessThanOrEqual(1);
});

test('the party client (console, labs, ARM) and the library\'s trusting fetch and agent build none per connection either', async () => {
  const client = createPartyClient(ours.caCertPem);
  const trustingFetch = createTrustingFetch(ours.caCertPem);
  const agent = createHttpsAgent(ours.caCertPem);
  const viaAgent = () => new Promise<number>((resolve, reject) => httpsRequest(`${origin}/doc`, { agent }, (res) => resolve(res.resume().statusCode!)).on('error', reject).end());
  try {
    for (const [name, run] of [['party client', () => client.request(`${origin}/doc`)], ['trusting fetch', () => trustingFetch(`${origin}/doc`).then((r) => r.text())], ['https agent', viaAgent]] as const) {
      const measured = await contextsBuiltDuring(repeat(run));
      expect({ name, handshakes: measured.handshakes }).toEqual({ name, handshakes: CONNECTIONS });
      expect({ name, contexts: measured.contexts <= 1 }).toEqual({ name, contexts: true });
    }
  } finally {
    await client.close();
    agent.destroy();
  }
});

test('the proxy\'s forwarder to fedlab\'s HTTPS listeners builds none per connection', async () => {
  const forwarder = createForwarder(ours.caCertPem, pino({ level: 'silent' }));
  const front = createHttpServer((req, res) => forwarder.forward(req, res, { upstream: origin, pathPrefix: '' }, req.url ?? '/'));
  const port = await listen(front);
  const viaProxy = () => new Promise<number>((resolve, reject) => httpRequest({ host: '127.0.0.1', port, path: '/doc', agent: false }, (res) => resolve(res.resume().statusCode!)).on('error', reject).end());
  try {
    const measured = await contextsBuiltDuring(repeat(viaProxy));
    expect(measured.handshakes).toBe(CONNECTIONS);
    expect(measured.contexts).toBeLessThanOrEqual(1);
  } finally {
    forwarder.close();
    await new Promise<void>((resolve) => front.close(() => resolve()));
  }
});

test('the shared contexts still verify: a certificate from another CA is refused by every road', async () => {
  await expect(fetchJson(`${strangerOrigin}/doc`, policy(trustedRoots(ours.caCertPem)))).rejects.toThrow(/certificate/i);
  const client = createPartyClient(ours.caCertPem);
  await expect(client.request(`${strangerOrigin}/doc`)).rejects.toThrow(/CERT|certificate|SELF_SIGNED|UNABLE/i);
  await client.close();
  await expect(createTrustingFetch(ours.caCertPem)(`${strangerOrigin}/doc`)).rejects.toThrow();
  const agent = createHttpsAgent(ours.caCertPem);
  await expect(new Promise((resolve, reject) => httpsRequest(`${strangerOrigin}/doc`, { agent }, resolve).on('error', reject).end())).rejects.toThrow(/certificate/i);
  agent.destroy();
  // And fedlab's own listener is still trusted through the same contexts.
  await expect(fetchJson(`${origin}/doc`, policy(ours.caCertPem))).resolves.toEqual({ ok: true });
});
