import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { ASSERTION_AUDIENCE, type SubjectAlgorithm } from './fixture.js';
import type { AwsCredentials } from './mint-assertions.js';

/**
 * A SigV4 signature carries x-amz-date and fedlab (like AWS) rejects one more than 15 minutes off,
 * so a signed request is re-signed every minute and the load generator always sends the newest.
 */
const RESIGN_EVERY_MS = 60_000;

export interface SignedStsRequest {
  /** Header names in lower case, `host` included (autocannon then sends it as is). */
  headers: Record<string, string>;
  body: string;
}

export interface SignedStsRequests {
  current(): SignedStsRequest;
  stop(): void;
}

/** `extra`: more request parameters (`DurationSeconds`, say). */
export function getWebIdentityTokenBody(algorithm: SubjectAlgorithm, extra: Record<string, string> = {}): string {
  return new URLSearchParams({
    Action: 'GetWebIdentityToken',
    Version: '2011-06-15',
    'Audience.member.1': ASSERTION_AUDIENCE,
    SigningAlgorithm: algorithm,
    ...extra,
  }).toString();
}

export async function signedStsRequests(endpoint: string, credentials: AwsCredentials, algorithm: SubjectAlgorithm, extra: Record<string, string> = {}): Promise<SignedStsRequests> {
  const url = new URL(endpoint);
  const signer = new SignatureV4({ service: 'sts', region: 'us-east-1', credentials, sha256: Hash.bind(null, 'sha256') });
  const body = getWebIdentityTokenBody(algorithm, extra);
  const sign = async (): Promise<SignedStsRequest> => {
    const signed = await signer.sign({
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: '/',
      query: {},
      headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body,
    });
    return { headers: signed.headers, body };
  };
  let latest = await sign();
  const timer = setInterval(() => {
    // On a failure the previous signature stays; once stale it shows up as non-2xx responses.
    sign().then((next) => (latest = next), () => undefined);
  }, RESIGN_EVERY_MS);
  timer.unref();
  return { current: () => latest, stop: () => clearInterval(timer) };
}
