import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';

type SignableRequest = Parameters<SignatureV4['sign']>[0];

export interface QueryCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | null;
}

export interface QueryTarget {
  endpoint: string;
  service: 'sts' | 'iam';
  region: string;
  credentials: QueryCredentials;
}

export interface SignedQuery {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * An awsQuery POST signed the way the AWS SDK v3 signs it: @smithy/signature-v4 with SHA-256, the
 * service's signing name and the region, the session token as x-amz-security-token.
 */
export async function signAwsQuery(target: QueryTarget, params: Record<string, string>): Promise<SignedQuery> {
  const url = new URL(target.endpoint);
  const body = new URLSearchParams(params).toString();
  const { accessKeyId, secretAccessKey, sessionToken } = target.credentials;
  const signer = new SignatureV4({
    service: target.service,
    region: target.region,
    sha256: Hash.bind(null, 'sha256'),
    credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) },
  });
  const request: SignableRequest = {
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    path: url.pathname,
    query: {},
    headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body,
  };
  const signed = await signer.sign(request);
  return { url: url.href, headers: signed.headers as Record<string, string>, body };
}
