import { request } from 'node:https';
import { GetWebIdentityTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { SecretClient } from '@azure/keyvault-secrets';
import { decodeJwt } from 'jose';
import { azureTlsOptions } from '../../src/client/trust.js';
import { ConfigError } from '../../src/core/config/config-error.js';
import { parseFedlabConfig } from '../../src/config.js';
import { startFedlab, type Fedlab } from '../../src/start-fedlab.js';
import { ACCOUNT, runtimeConfig, WORKLOAD } from '../runtime/support.js';
import { startRedisServer, type RedisServer } from './helpers/redis-server.js';
import { startTcpBalancer, type TcpBalancer } from './helpers/tcp-balancer.js';

/**
 * Two replicas behind one balancer per party (`<party>.publicUrl`): clients know only the
 * balancer's origins, tokens carry them, and the parties fetch each other's discovery and keys
 * through them. The balancer passes TLS through (fedlab's certificate names localhost).
 */
let redis: RedisServer;
const balancers: Record<'aws' | 'entra' | 'vault', TcpBalancer> = {} as never;
const replicas: Fedlab[] = [];
let publicUrls: Record<'aws' | 'entra' | 'vault', string>;

beforeAll(async () => {
  redis = await startRedisServer();
  for (const party of ['aws', 'entra', 'vault'] as const) balancers[party] = await startTcpBalancer();
  publicUrls = { aws: `http://localhost:${balancers.aws.port}`, entra: `https://localhost:${balancers.entra.port}`, vault: `https://localhost:${balancers.vault.port}` };
  const config = runtimeConfig();
  config.aws.publicUrl = publicUrls.aws;
  config.entra!.publicUrl = publicUrls.entra;
  config.vault!.publicUrl = publicUrls.vault;
  for (let i = 0; i < 2; i++) replicas.push(await startFedlab({ config, ports: 'auto', store: redis.url }));
  for (const party of ['aws', 'entra', 'vault'] as const) balancers[party].setUpstreams(replicas.map((r) => r.listeners[party]!));
});

afterAll(async () => {
  for (const replica of replicas.reverse()) await replica.close();
  for (const balancer of Object.values(balancers)) await balancer?.close();
  await redis?.close();
});

async function mint(endpoint: string): Promise<string> {
  const client = new STSClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }, maxAttempts: 1 });
  try {
    return (await client.send(new GetWebIdentityTokenCommand({ Audience: ['api://AzureADTokenExchange'], SigningAlgorithm: 'RS256' }))).WebIdentityToken!;
  } finally {
    client.destroy();
  }
}

/** A GET to one replica's own listener with the Host header a balancer forwards. */
function getWithHost(url: string, host: string, ca: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { host }, ca, servername: 'localhost', agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

test('the urls name the public origins; each replica keeps its own listener', () => {
  for (const replica of replicas) {
    expect(replica.urls.aws.endpoint).toBe(publicUrls.aws);
    expect(replica.urls.aws.issuers[ACCOUNT]).toMatch(new RegExp(`^${publicUrls.aws}/[0-9a-f-]{36}$`));
    expect(replica.urls.entra!.authorityHost).toBe(publicUrls.entra);
    expect(replica.urls.vault!.url).toBe(publicUrls.vault);
  }
  expect(replicas[0]!.listeners.aws).not.toBe(replicas[1]!.listeners.aws);
  expect(replicas[0]!.listeners.aws).not.toBe(publicUrls.aws);
});

test('tokens minted through the balancer, or at either listener, carry the public issuer', async () => {
  const issuer = replicas[0]!.urls.aws.issuers[ACCOUNT];
  for (const endpoint of [publicUrls.aws, publicUrls.aws, ...replicas.map((r) => r.listeners.aws)]) {
    expect(decodeJwt(await mint(endpoint)).iss).toBe(issuer);
  }
  expect(balancers.aws.connections().every((n) => n > 0)).toBe(true);
  const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as { issuer: string; jwks_uri: string };
  expect(discovery).toMatchObject({ issuer, jwks_uri: `${issuer}/.well-known/jwks.json` });
});

test('AWS → Entra → Key Vault through the balancers only: Entra fetches the issuer, the vault Entra\'s keys, at the public URLs', async () => {
  const fedlab = replicas[1]!;
  const client = new SecretClient(publicUrls.vault, fedlab.assertionCredential({ principalArn: WORKLOAD }), { ...azureTlsOptions(fedlab.ca), disableChallengeResourceVerification: true });
  const secret = await client.getSecret('demo-secret');
  expect(secret.value).toBe('hello from Azure, fetched with no long-lived secret');
  expect(secret.properties.id).toMatch(new RegExp(`^${publicUrls.vault}/secrets/demo-secret/`));
  const discovery = (await (await fedlab.fetch(`${publicUrls.entra}/${fedlab.tenantId}/v2.0/.well-known/openid-configuration`)).json()) as { issuer: string; jwks_uri: string };
  expect(discovery.issuer).toBe(`${publicUrls.entra}/${fedlab.tenantId}/v2.0`);
  expect(discovery.jwks_uri.startsWith(publicUrls.entra)).toBe(true);
  expect(balancers.entra.connections().every((n) => n > 0)).toBe(true);
});

test('a listener answers to the public Host as its own and still refuses other names', async () => {
  const replica = replicas[0]!;
  const entraHost = new URL(publicUrls.entra).host;
  expect(await getWithHost(`${replica.listeners.entra}/health`, entraHost, replica.ca)).toBe(200);
  expect(await getWithHost(`${replica.listeners.entra}/health`, 'rebound.example', replica.ca)).toBe(403);
  expect(await getWithHost(`${replica.listeners.entra}/health`, 'localhost:1', replica.ca)).toBe(403);
});

test('publicUrl is an origin; Entra\'s and the vault\'s are https', () => {
  const refused = (patch: (config: any) => void) => {
    const config = runtimeConfig();
    patch(config);
    try {
      parseFedlabConfig(config);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as ConfigError).problems.join('\n');
    }
    throw new Error('accepted');
  };
  expect(refused((c) => (c.entra.publicUrl = 'http://localhost:8443'))).toMatch(/entra\.publicUrl.*expected an https URL/);
  expect(refused((c) => (c.vault.publicUrl = 'ftp://localhost'))).toMatch(/vault\.publicUrl.*expected an https URL/);
  expect(refused((c) => (c.aws.publicUrl = 'http://lb.example/sts'))).toMatch(/aws\.publicUrl.*expected an origin with no path/);
  expect(refused((c) => (c.console.publicUrl = 'http://user:pw@lb.example'))).toMatch(/console\.publicUrl.*no credentials/);
  expect(parseFedlabConfig({ ...runtimeConfig(), aws: { ...runtimeConfig().aws, publicUrl: 'https://FEDLAB.example.com:443/' } }).aws.publicUrl).toBe('https://fedlab.example.com');
});
