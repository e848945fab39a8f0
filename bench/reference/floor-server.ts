/**
 * THE REFERENCE FLOOR — not part of fedlab.
 *
 * The least a server can do for one exchange, written plainly: `node:http`, form parsing, jose
 * `jwtVerify` of an RS256 or ES384 subject token against an in-memory public key, jose `SignJWT`
 * of an RS256 Entra-shaped access token with a key imported once, JSON out. No framework, no
 * logging, no checks beyond what any token endpoint must do. fedlab's exchange throughput is
 * reported as a ratio of this.
 *
 * The same handler listens twice: over plain HTTP (the issue's floor) and over HTTPS with a
 * certificate from fedlab's own local CA code (ECDSA P-256, the kind fedlab's Entra serves), so the
 * price of TLS can be told apart from fedlab's own overhead.
 */
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { randomUUID } from 'node:crypto';
import { SignJWT, generateKeyPair, jwtVerify, type CryptoKey, type JWTHeaderParameters } from 'jose';
import { ASSERTION_AUDIENCE, ASSERTION_LIFETIME_SECONDS, CLIENT_ID, JWT_BEARER_ASSERTION_TYPE, PRINCIPAL_ARN, TENANT_ID, type SubjectAlgorithm } from '../lib/fixture.js';
import { serveInChild } from '../lib/serve-in-child.js';
// Only the certificate comes from fedlab (its compiled local CA), so both sides pay for the same TLS.
import { createStateStore } from '../../dist/core/state-dir.js';
import { loadOrCreateLocalTls } from '../../dist/core/tls/local-ca.js';

export interface FloorServerInfo {
  /** Plain HTTP. */
  url: string;
  /** The same server over HTTPS, with a certificate signed by a fedlab-style local CA. */
  httpsUrl: string;
  /** That CA's certificate (PEM), for the probe and the load generator. */
  caPem: string;
  /** Subject tokens the floor accepts, shaped like AWS web identity tokens. */
  subjectTokens: Record<SubjectAlgorithm, string>;
}

const SUBJECT_ISSUER = 'https://floor.invalid/subject-issuer';
const ENTRA_ISSUER = `https://login.microsoftonline.com/${TENANT_ID}/v2.0`;
const MAX_BODY_BYTES = 64 * 1024;

interface FloorKeys {
  verifyKeys: Map<string, CryptoKey>;
  signingKey: CryptoKey;
}

async function mintSubjectToken(alg: SubjectAlgorithm, kid: string, privateKey: CryptoKey): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    'https://sts.amazonaws.com/': { aws_account: '111122223333', source_region: 'us-east-1', principal_id: PRINCIPAL_ARN },
  })
    .setProtectedHeader({ alg, kid, typ: 'JWT' })
    .setIssuer(SUBJECT_ISSUER)
    .setSubject(PRINCIPAL_ARN)
    .setAudience(ASSERTION_AUDIENCE)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + ASSERTION_LIFETIME_SECONDS)
    .setJti(randomUUID())
    .sign(privateKey);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) reject(new Error('body too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: object): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}

async function exchange(form: URLSearchParams, keys: FloorKeys): Promise<object> {
  if (form.get('grant_type') !== 'client_credentials') throw new Error('unsupported_grant_type');
  if (form.get('client_id') !== CLIENT_ID) throw new Error('invalid_client');
  if (form.get('client_assertion_type') !== JWT_BEARER_ASSERTION_TYPE) throw new Error('invalid_request');
  const keyFor = (header: JWTHeaderParameters) => {
    const key = header.kid ? keys.verifyKeys.get(header.kid) : undefined;
    if (!key) throw new Error('unknown kid');
    return key;
  };
  const { payload } = await jwtVerify(form.get('client_assertion') ?? '', keyFor, {
    algorithms: ['RS256', 'ES384'],
    issuer: SUBJECT_ISSUER,
    audience: ASSERTION_AUDIENCE,
    subject: PRINCIPAL_ARN,
  });
  const now = Math.floor(Date.now() / 1000);
  const accessToken = await new SignJWT({ aio: randomUUID(), appid: CLIENT_ID, appidacr: '2', idp: payload.iss, oid: randomUUID(), rh: '0.floor', tid: TENANT_ID, uti: randomUUID(), ver: '2.0' })
    .setProtectedHeader({ typ: 'JWT', alg: 'RS256', kid: 'floor-entra' })
    .setIssuer(ENTRA_ISSUER)
    .setAudience('https://vault.azure.net')
    .setSubject(CLIENT_ID)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + 3599)
    .sign(keys.signingKey);
  return { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: accessToken };
}

await serveInChild<FloorServerInfo>(async () => {
  const rsa = await generateKeyPair('RS256');
  const ec = await generateKeyPair('ES384');
  const entra = await generateKeyPair('RS256');
  const keys: FloorKeys = { verifyKeys: new Map([['floor-rs', rsa.publicKey], ['floor-ec', ec.publicKey]]), signingKey: entra.privateKey };
  const subjectTokens = { RS256: await mintSubjectToken('RS256', 'floor-rs', rsa.privateKey), ES384: await mintSubjectToken('ES384', 'floor-ec', ec.privateKey) };

  const handler: RequestListener = (req, res) => {
    if (req.method !== 'POST' || req.url !== `/${TENANT_ID}/oauth2/v2.0/token`) return sendJson(res, 404, { error: 'not_found' });
    readBody(req)
      .then((body) => exchange(new URLSearchParams(body), keys))
      .then(
        (result) => sendJson(res, 200, result),
        (error: unknown) => sendJson(res, 400, { error: 'invalid_request', error_description: (error as Error).message }),
      );
  };
  const tls = await loadOrCreateLocalTls(createStateStore());
  const http = createServer(handler);
  const https = createHttpsServer({ cert: tls.serverCertPem, key: tls.serverKeyPem }, handler);
  const listen = (server: Server) =>
    new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
  const close = (server: Server) => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); });
  const [httpPort, httpsPort] = [await listen(http), await listen(https)];
  return {
    info: { url: `http://127.0.0.1:${httpPort}`, httpsUrl: `https://127.0.0.1:${httpsPort}`, caPem: tls.caCertPem, subjectTokens },
    close: async () => { await Promise.all([close(http), close(https)]); },
  };
});
