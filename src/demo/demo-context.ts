import type { FetchLike } from '../client/trust.js';
import type { AwsCredentials } from '../client/sts-client.js';
import type { DemoSources } from './fix-hints.js';

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
  /** Where these inputs are in the configuration (hints name the keys to change). */
  sources?: DemoSources;
}

/** What the steps hand each other along the way. */
export interface DemoContext {
  inputs: DemoInputs;
  fetch: FetchLike;
  awsToken?: string;
  correlationId?: string;
  accessToken?: { token: string; expiresOnTimestamp: number };
}
