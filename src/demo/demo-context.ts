import type { Agent as HttpsAgent } from 'node:https';
import type { FetchLike } from '../client/trust.js';
import type { AwsCredentials } from '../client/sts-client.js';
import type { DemoSources } from './fix-hints.js';

export interface DemoInputs {
  /** Absent with --real-hostnames: the AWS SDK resolves the production endpoint itself. */
  awsEndpoint?: string;
  region: string;
  principalArn: string;
  credentials: AwsCredentials;
  audience: string;
  algorithm: 'RS256' | 'ES384';
  durationSeconds: number;
  authorityHost: string;
  /** The fake Entra's own listener, where its check traces are read (`/_fedlab/traces`, not a Microsoft path). */
  entraListener: string;
  /** With --real-hostnames: fedlab's forward proxy, which every step goes through (the real host names). */
  proxyUrl?: string;
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
  /** What the steps call the clouds with: through the proxy with --real-hostnames. */
  fetch: FetchLike;
  /** For the node:https clients (AWS SDK, Key Vault): the proxy's tunnel, with --real-hostnames. */
  httpsAgent?: HttpsAgent;
  /** Straight to fedlab's listeners (its own `/_fedlab` paths). */
  listenerFetch: FetchLike;
  awsToken?: string;
  correlationId?: string;
  accessToken?: { token: string; expiresOnTimestamp: number };
}
