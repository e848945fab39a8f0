import { randomUUID, webcrypto } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { listen, type Listener } from '../../../src/core/http/listen.js';
import { rawSign, type Alg } from './jws.js';

export type Stage = 'discovery' | 'jwks';

/** How one stage answers instead of the normal document. */
export interface Behaviour {
  status?: number;
  location?: string;
  contentType?: string;
  /** Raw body text (instead of the document). */
  body?: string;
  /** A JSON body of this many bytes (chunked, no Content-Length). */
  hugeBytes?: number;
  delayMs?: number;
  /** Never answer (the client's timeout must cut it off). */
  hang?: boolean;
  /** Answer 200 and then send one byte every this many milliseconds, forever. */
  dripMs?: number;
  /** Replace the JSON document. */
  json?: unknown;
}

export interface IssuerKey {
  kid: string;
  alg: Alg;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export interface IssuerServer {
  readonly issuer: string;
  readonly base: string;
  readonly counts: Record<Stage, number>;
  readonly keys: Map<string, IssuerKey>;
  /** Published kids, in JWKS order. */
  published: string[];
  behaviour: Partial<Record<Stage, Behaviour>>;
  /** Members merged over the discovery document. */
  discoveryOverrides: Record<string, unknown>;
  /** Members merged over individual published JWKs, by kid. */
  jwkOverrides: Record<string, Record<string, unknown>>;
  addKey(alg: Alg, options?: { kid?: string; publish?: boolean; modulusLength?: number }): Promise<IssuerKey>;
  signRaw(headerJson: string, payload: string | Uint8Array, kid: string): Promise<string>;
  total(): number;
  heal(): void;
  close(): Promise<void>;
}

export interface IssuerServerOptions {
  /** `aws`: http, `/{id}/.well-known/...` like fedlab's AWS issuer; `entra`: https, `/{tenant}/v2.0/...`. */
  shape: 'aws' | 'entra';
  tls?: { cert: string; key: string };
  tenant?: string;
  /** Key ids of the first RS256 and ES384 keys. */
  kids?: { RS256: string; ES384?: string };
}

/**
 * A controllable OIDC issuer (research §1.3): discovery and JWKS with switchable misbehaviour, keys
 * added, removed or corrupted at will, and a count of every request it receives.
 */
export async function startIssuerServer(options: IssuerServerOptions): Promise<IssuerServer> {
  const id = options.shape === 'aws' ? randomUUID() : options.tenant!;
  const counts: Record<Stage, number> = { discovery: 0, jwks: 0 };
  const keys = new Map<string, IssuerKey>();
  let base = '';
  const issuerUrl = () => (options.shape === 'aws' ? `${base}/${id}` : `${base}/${id}/v2.0`);
  const paths: Record<Stage, string> =
    options.shape === 'aws'
      ? { discovery: `/${id}/.well-known/openid-configuration`, jwks: `/${id}/.well-known/jwks.json` }
      : { discovery: `/${id}/v2.0/.well-known/openid-configuration`, jwks: `/${id}/discovery/v2.0/keys` };

  const server: IssuerServer = {
    get issuer() {
      return issuerUrl();
    },
    get base() {
      return base;
    },
    counts,
    keys,
    published: [],
    behaviour: {},
    discoveryOverrides: {},
    jwkOverrides: {},
    async addKey(alg, { kid, publish = true, modulusLength } = {}) {
      // jose refuses to generate keys under 2048 bits; WebCrypto makes the weak ones (case B-10).
      const pair = modulusLength
        ? ((await webcrypto.subtle.generateKey({ name: 'RSASSA-PKCS1-v1_5', modulusLength, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, true, ['sign', 'verify'])) as unknown as CryptoKeyPair)
        : await generateKeyPair(alg, { extractable: true });
      const name = kid ?? `${alg === 'RS256' ? 'rsa' : 'ec'}${keys.size + 1}`;
      const key: IssuerKey = { kid: name, alg, privateKey: pair.privateKey, publicJwk: { ...(await exportJWK(pair.publicKey)), kid: name, use: 'sig', alg } };
      keys.set(name, key);
      if (publish) server.published.push(name);
      return key;
    },
    signRaw(headerJson, payload, kid) {
      const key = keys.get(kid)!;
      return rawSign(headerJson, payload, key.privateKey, key.alg);
    },
    total: () => counts.discovery + counts.jwks,
    heal() {
      server.behaviour = {};
      server.discoveryOverrides = {};
      server.jwkOverrides = {};
    },
    close: () => listener.close(),
  };

  const documents: Record<Stage, () => unknown> = {
    discovery: () => ({
      issuer: issuerUrl(),
      jwks_uri: `${base}${paths.jwks}`,
      id_token_signing_alg_values_supported: ['RS256', 'ES384'],
      subject_types_supported: ['public'],
      ...server.discoveryOverrides,
    }),
    jwks: () => ({ keys: server.published.map((kid) => ({ ...keys.get(kid)!.publicJwk, ...server.jwkOverrides[kid] })) }),
  };

  /** Waits for 'drain' or 'close', whichever comes first, and leaves no listener behind. */
  const drainedOrClosed = (res: ServerResponse) =>
    new Promise<void>((resolve) => {
      const done = () => {
        res.off('drain', done).off('close', done);
        resolve();
      };
      res.once('drain', done).once('close', done);
    });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const pathname = (req.url ?? '').split('?')[0];
    const stage = (Object.keys(paths) as Stage[]).find((s) => paths[s] === pathname);
    if (!stage) return void res.writeHead(404).end();
    counts[stage]++;
    const b = server.behaviour[stage] ?? {};
    if (b.hang) return;
    if (b.dripMs) {
      res.writeHead(200, { 'content-type': 'application/json' });
      const drip = setInterval(() => res.write(' '), b.dripMs);
      res.once('close', () => clearInterval(drip));
      return;
    }
    if (b.delayMs) await new Promise((r) => setTimeout(r, b.delayMs));
    if (b.hugeBytes) {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      res.write('{"keys":[');
      for (let sent = 0; sent < b.hugeBytes && !res.destroyed; sent += chunk.length) {
        if (!res.write(chunk)) await drainedOrClosed(res);
      }
      return void res.end(']}');
    }
    const headers: Record<string, string> = { 'content-type': b.contentType ?? 'application/json' };
    if (b.location) headers.location = b.location;
    res.writeHead(b.status ?? 200, headers).end(b.body ?? JSON.stringify(b.json ?? documents[stage]()));
  }

  const listener: Listener = await listen((req, res) => void handle(req, res), { host: '127.0.0.1', port: 0, ...(options.tls ? { tls: options.tls } : {}) });
  base = listener.url;
  await server.addKey('RS256', { kid: options.kids?.RS256 ?? 'rsa1' });
  if (options.shape === 'aws') await server.addKey('ES384', { kid: options.kids?.ES384 ?? 'ec1' });
  return server;
}
