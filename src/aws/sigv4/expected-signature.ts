import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import type { HttpRequest } from '@smithy/types';
import type { SigV4Authorization } from './authorization-header.js';

/** The request as received, with only what SigV4 covers. */
export interface ReceivedRequest {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  /** Lower-case names; repeated headers already joined by Node. */
  headers: Record<string, string>;
  body: Buffer;
}

/** Headers smithy adds on its own when signing; when the client did not sign them, keep them out. */
const SIGNER_ADDED = ['x-amz-date', 'x-amz-content-sha256', 'x-amz-security-token'];

/**
 * Re-sign the received request with the caller's secret, the same signed headers, date, region
 * and service, and return the signature the caller must have sent.
 */
export async function expectedSignature(request: ReceivedRequest, auth: SigV4Authorization, secretAccessKey: string, signingDate: Date): Promise<{ signature: string; signedHeaders: string }> {
  const signed = new Set(auth.signedHeaders);
  const headers = Object.fromEntries(auth.signedHeaders.filter((name) => request.headers[name] !== undefined).map((name) => [name, request.headers[name]!]));
  const [hostname, port] = (request.headers.host ?? '').split(':');
  const toSign: HttpRequest = {
    method: request.method,
    protocol: 'http:',
    hostname: hostname ?? '',
    port: port ? Number(port) : undefined,
    path: request.path,
    query: request.query,
    headers,
    body: request.body,
  };
  const signer = new SignatureV4({
    credentials: { accessKeyId: auth.accessKeyId, secretAccessKey },
    region: auth.region,
    service: auth.service,
    sha256: Hash.bind(null, 'sha256'),
  });
  const result = await signer.sign(toSign, {
    signingDate,
    signableHeaders: signed,
    unsignableHeaders: new Set(SIGNER_ADDED.filter((name) => !signed.has(name))),
  });
  const authorization = String(result.headers.authorization);
  return {
    signature: /Signature=([0-9a-f]{64})$/.exec(authorization)![1]!,
    signedHeaders: /SignedHeaders=([^,]*),/.exec(authorization)![1]!,
  };
}
