import { request } from 'node:http';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { startAws, type AwsParty } from '../../src/aws/index.js';
import { awsConfigSchema, type AwsConfig } from '../../src/aws/config.js';
import { createClock, type Clock } from '../../src/core/clock.js';
import { validateConfig } from '../../src/core/config/load-config.js';
import { createEventBus, type EventBus } from '../../src/core/events.js';
import { pooledKeySource } from '../../src/core/keys/key-pool.js';
import { createLogger } from '../../src/core/logger.js';
import type { PartyContext } from '../../src/core/party-context.js';
import { createStateStore, type StateStore } from '../../src/core/state-dir.js';
import { loadOrCreateLocalTls } from '../../src/core/tls/local-ca.js';
import { defaultConfigObject } from '../helpers/temp-config.js';

export const ACCOUNT = '111122223333';
export const OTHER_ACCOUNT = '444455556666';
export const WORKLOAD = 'arn:aws:iam::111122223333:role/fedlab-workload';
export const RESTRICTED = 'arn:aws:iam::111122223333:role/fedlab-restricted';
export const SESSION = 'arn:aws:iam::111122223333:role/fedlab-session';
export const OTHER = 'arn:aws:iam::444455556666:role/other-account-workload';
export const NAMESPACE = 'https://sts.amazonaws.com/';
/** IAM administrators (IAMFullAccess) of the two accounts, added by addIamAdmins. */
export const ADMIN = 'arn:aws:iam::111122223333:user/fedlab-iam-admin';
export const OTHER_ADMIN = 'arn:aws:iam::444455556666:user/partner-iam-admin';

/** Adds ADMIN and OTHER_ADMIN to a startTestAws configuration (IAM calls need IAM permissions). */
export function addIamAdmins(aws: Record<string, any>): void {
  const admin = (arn: string, n: number) => ({ arn, accessKeyId: `AKIAEXAMPLEIAMADMIN${n}`, secretAccessKey: `wJalrXUtnFEMI/K7MDENG/EXAMPLEIAMADMIN${n}`, managedPolicyArns: ['arn:aws:iam::aws:policy/IAMFullAccess'] });
  aws.accounts[0].principals.push(admin(ADMIN, 1));
  aws.accounts[1].principals.push(admin(OTHER_ADMIN, 2));
}

export interface TestAws {
  aws: AwsParty;
  config: AwsConfig;
  events: EventBus;
  clock: Clock;
  store: StateStore;
  credentials(arn: string): { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  sts(arn: string, region?: string): STSClient;
  iam(arn: string, region?: string): IAMClient;
  close(): Promise<void>;
}

/** The AWS party alone, from the embedded fixture's aws section (mutated by the test), on a free port. */
export async function startTestAws(mutate: (aws: Record<string, any>) => void = () => {}, store: StateStore = createStateStore()): Promise<TestAws> {
  const raw = defaultConfigObject().aws;
  raw.port = 0;
  mutate(raw);
  const config = validateConfig(awsConfigSchema, raw);
  const events = createEventBus();
  const clock = createClock();
  const ctx: PartyContext = { store, keySource: pooledKeySource, logger: createLogger({ level: 'silent' }), events, clock, tls: await loadOrCreateLocalTls(store) };
  const aws = await startAws(config, ctx);
  const clients: { destroy(): void }[] = [];
  const credentials = (arn: string) => {
    const p = config.accounts.flatMap((a) => a.principals).find((c) => c.arn === arn);
    if (!p) throw new Error(`no principal ${arn}`);
    return { accessKeyId: p.accessKeyId, secretAccessKey: p.secretAccessKey, ...(p.sessionToken ? { sessionToken: p.sessionToken } : {}) };
  };
  const track = <T extends { destroy(): void }>(client: T) => (clients.push(client), client);
  return {
    aws,
    config,
    events,
    clock,
    store,
    credentials,
    sts: (arn, region = 'eu-north-1') => track(new STSClient({ endpoint: aws.urls.endpoint, region, credentials: credentials(arn), maxAttempts: 1 })),
    iam: (arn, region = 'eu-west-3') => track(new IAMClient({ endpoint: aws.urls.endpoint, region, credentials: credentials(arn), maxAttempts: 1 })),
    async close() {
      clients.forEach((c) => c.destroy());
      await aws.close();
    },
  };
}

/** What an SDK call threw, as the tests assert it: the exception name and HTTP status. */
export async function sdkError(promise: Promise<unknown>): Promise<{ name: string; status?: number; message: string }> {
  try {
    await promise;
  } catch (error) {
    const e = error as Error & { $metadata?: { httpStatusCode?: number } };
    return { name: e.name, status: e.$metadata?.httpStatusCode, message: e.message };
  }
  throw new Error('expected the call to fail');
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One hand-made HTTP request (node:http, so the Host header is exactly what gets signed; no pooled sockets). */
export function rawRequest(url: string, options: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<RawResponse> {
  const target = new URL(options.path ?? '/', url);
  return new Promise((resolve, reject) => {
    const req = request(target, { method: options.method ?? 'POST', headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Headers of a SigV4-signed awsQuery POST, as an SDK would send them. */
export async function signedHeaders(
  endpoint: string,
  body: string,
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
  options: { service?: string; region?: string; signingDate?: Date; contentType?: string; payloadHashHeader?: boolean } = {},
): Promise<Record<string, string>> {
  const url = new URL(endpoint);
  const signer = new SignatureV4({
    credentials,
    region: options.region ?? 'us-east-1',
    service: options.service ?? 'sts',
    sha256: Hash.bind(null, 'sha256'),
    applyChecksum: options.payloadHashHeader ?? true,
  });
  const signed = await signer.sign(
    {
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: '/',
      query: {},
      headers: { host: url.host, 'content-type': options.contentType ?? 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(body)) },
      body,
    },
    { signingDate: options.signingDate ?? new Date() },
  );
  return signed.headers as Record<string, string>;
}

/** `<Code>` and `<Message>` of an awsQuery ErrorResponse. */
export function queryError(xml: string): { code?: string; message?: string; requestId?: string } {
  const unescape = (s?: string) => s?.replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  return {
    code: /<Code>([^<]*)<\/Code>/.exec(xml)?.[1],
    message: unescape(/<Message>([^<]*)<\/Message>/.exec(xml)?.[1]),
    requestId: /<RequestId>([^<]*)<\/RequestId>/.exec(xml)?.[1],
  };
}
