import type { Agent as HttpsAgent } from 'node:https';
import { GetWebIdentityTokenCommand, STSClient } from '@aws-sdk/client-sts';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/**
 * The real AWS SDK STS client, pointed at fedlab's endpoint (what AWS_ENDPOINT_URL_STS does), or,
 * without `endpoint`, resolving the production one itself (`https://sts.<region>.amazonaws.com`)
 * and reaching it through `httpsAgent` (fedlab's proxy: the SDK reads no proxy variable).
 */
export function createStsClient(options: { endpoint?: string; credentials: AwsCredentials; region?: string; httpsAgent?: HttpsAgent }): STSClient {
  return new STSClient({
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.httpsAgent ? { requestHandler: { httpsAgent: options.httpsAgent } } : {}),
    region: options.region ?? 'us-east-1',
    credentials: options.credentials,
    maxAttempts: 1,
  });
}

export interface MintOptions {
  audience?: string | string[];
  algorithm?: 'RS256' | 'ES384';
  durationSeconds?: number;
  tags?: Record<string, string>;
}

/** sts:GetWebIdentityToken through the SDK; returns the JWT. */
export async function mintWebIdentityToken(sts: STSClient, options: MintOptions = {}): Promise<string> {
  const audience = options.audience ?? 'api://AzureADTokenExchange';
  const result = await sts.send(
    new GetWebIdentityTokenCommand({
      Audience: Array.isArray(audience) ? audience : [audience],
      SigningAlgorithm: options.algorithm ?? 'RS256',
      DurationSeconds: options.durationSeconds,
      Tags: options.tags ? Object.entries(options.tags).map(([Key, Value]) => ({ Key, Value })) : undefined,
    }),
  );
  return result.WebIdentityToken!;
}
