import type { FetchLike } from '../client/trust.js';
import type { AwsCredentials } from '../client/sts-client.js';

export interface DemoInputs {
  awsEndpoint: string;
  region: string;
  principalArn: string;
  credentials: AwsCredentials;
  audience: string;
  algorithm: 'RS256' | 'ES384';
  durationSeconds: number;
  authorityHost: string;
  tenantId: string;
  clientId: string;
  resource: string;
  vaultUrl?: string;
  secretName: string;
  caPem: string;
}

/** What the steps hand each other along the way. */
export interface DemoContext {
  inputs: DemoInputs;
  fetch: FetchLike;
  awsToken?: string;
  correlationId?: string;
  accessToken?: { token: string; expiresOnTimestamp: number };
}
