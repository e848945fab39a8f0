import type { Agent as HttpsAgent } from 'node:https';
import type { STSClient } from '@aws-sdk/client-sts';
import type { ClientAssertionCredential } from '@azure/identity';
import { createStsClient, mintWebIdentityToken, type AwsCredentials, type MintOptions } from './client/sts-client.js';
import { createAssertionCredential } from './client/assertion-credential.js';
import { createHttpsAgent, createProxyAgent, createProxyFetch, createTrustingFetch, type FetchLike } from './client/trust.js';
import { proxyEnvironment } from './client/proxy-env.js';
import { startParties, type RunningParties, type StartOptions } from './start-parties.js';

export type { FedlabUrls, StartOptions } from './start-parties.js';

export interface FedlabAssertionOptions extends MintOptions {
  principalArn?: string;
  tenantId?: string;
  clientId?: string;
}

/** The running parties plus ready-made clients for a test suite. */
export interface Fedlab extends RunningParties {
  /** Credentials for the AWS SDK of a configured principal. */
  awsCredentials(principalArn: string): AwsCredentials;
  /** The real AWS SDK STS client, signed with a configured principal's keys, pointed at fedlab. */
  stsClient(principalArn: string, region?: string): STSClient;
  /** @azure/identity ClientAssertionCredential whose assertion is minted by fedlab's STS on each call. */
  assertionCredential(options?: FedlabAssertionOptions): ClientAssertionCredential;
  /** fetch and https agent that trust fedlab's CA in this process. */
  fetch: FetchLike;
  httpsAgent(): HttpsAgent;
  /** With the proxy: what `fedlab env` prints (HTTPS_PROXY, NO_PROXY, the CA variables), for child processes. */
  env?: Record<string, string>;
  /** With the proxy: a fetch for production URLs (https://sts.us-east-1.amazonaws.com/...) through it. */
  proxyFetch?: FetchLike;
  /** With the proxy: a node:https agent tunnelling through it and trusting fedlab's CA. */
  proxyAgent(): HttpsAgent;
}

/** Start every configured party in this process; the library entry (`import { startFedlab } from 'fedlab'`). */
export async function startFedlab(options: StartOptions = {}): Promise<Fedlab> {
  const parties = await startParties(options);
  const { config, urls, entra, ca } = parties;
  const principals = config.aws.accounts.flatMap((a) => a.principals);
  const awsCredentials = (principalArn: string): AwsCredentials => {
    // Live: principals added at runtime (admin API) count too.
    const p = parties.aws.principal(principalArn) ?? principals.find((candidate) => candidate.arn === principalArn);
    if (!p) throw new Error(`no principal ${principalArn} in the configuration`);
    return { accessKeyId: p.accessKeyId, secretAccessKey: p.secretAccessKey, ...(p.sessionToken ? { sessionToken: p.sessionToken } : {}) };
  };
  const regionOf = (principalArn: string) => config.aws.accounts.find((a) => a.id === /^arn:[\w-]+:iam::(\d{12}):/.exec(principalArn)?.[1])?.region;
  const stsClient = (principalArn: string, region?: string) =>
    createStsClient({ endpoint: urls.aws.endpoint, credentials: awsCredentials(principalArn), region: region ?? regionOf(principalArn) });
  let closing: Promise<void> | undefined;
  const defaultPrincipal = config.entra?.tenants[0]?.applications[0]?.federatedIdentityCredentials.find((f) => f.subject)?.subject ?? principals[0]!.arn;
  return {
    ...parties,
    awsCredentials,
    stsClient,
    assertionCredential(options = {}) {
      if (!entra) throw new Error('this fedlab has no entra section');
      const sts = stsClient(options.principalArn ?? defaultPrincipal);
      return createAssertionCredential({
        authorityHost: entra.urls.authorityHost,
        tenantId: options.tenantId ?? config.entra!.tenants[0]!.id,
        clientId: options.clientId ?? config.entra!.tenants[0]!.applications[0]!.appId,
        ca,
        getAssertion: () => mintWebIdentityToken(sts, options),
      });
    },
    fetch: createTrustingFetch(ca),
    httpsAgent: () => createHttpsAgent(ca),
    ...(urls.proxy ? { env: proxyEnvironment(urls.proxy.url, urls.ca), proxyFetch: createProxyFetch(urls.proxy.url, ca) } : {}),
    proxyAgent() {
      if (!urls.proxy) throw new Error('this fedlab runs without its proxy (start it with proxy: true or a proxy section)');
      return createProxyAgent(urls.proxy.url, ca);
    },
    // Idempotent: a suite may close in afterAll and in a finally; the second call waits for the first.
    close: () => (closing ??= parties.close()),
  };
}
