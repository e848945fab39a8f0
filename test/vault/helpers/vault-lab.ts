import { Agent, request } from 'node:https';
import { SecretClient } from '@azure/keyvault-secrets';
import type { AccessToken, TokenCredential } from '@azure/identity';
import { azureTlsOptions } from '../../../src/client/trust.js';
import { createClock } from '../../../src/core/clock.js';
import { createEventBus, type FedlabEvent } from '../../../src/core/events.js';
import { pooledKeySource } from '../../../src/core/keys/key-pool.js';
import { createLogger } from '../../../src/core/logger.js';
import type { PartyContext } from '../../../src/core/party-context.js';
import { createStateStore } from '../../../src/core/state-dir.js';
import { loadOrCreateLocalTls, type LocalTls } from '../../../src/core/tls/local-ca.js';
import { startVault, type VaultParty } from '../../../src/vault/index.js';
import { vaultConfigSchema, type VaultConfigInput } from '../../../src/vault/config.js';
import { startTestAuthority, VAULT_TENANT, WORKLOAD_OID, type TestAuthority } from './test-authority.js';

export const READER_OID = '7b6a5948-3726-4150-9e8d-7c6b5a493827';

/** The fixture's vault section, plus a reader that may only get. */
export function labVaultConfig(overrides: Partial<VaultConfigInput> = {}): VaultConfigInput {
  return {
    host: '127.0.0.1',
    port: 0,
    tenant: VAULT_TENANT,
    secrets: [{ name: 'demo-secret', value: 'hello from Azure, fetched with no long-lived secret' }],
    accessPolicies: [
      { objectId: WORKLOAD_OID, permissions: ['get', 'list', 'set', 'delete', 'recover', 'purge'] },
      { objectId: READER_OID, permissions: ['get'] },
    ],
    ...overrides,
  };
}

export interface VaultLab {
  tls: LocalTls;
  authority: TestAuthority;
  ctx: PartyContext;
  vault: VaultParty;
  events: FedlabEvent[];
  close(): Promise<void>;
}

export async function startVaultLab(options: { config?: Partial<VaultConfigInput>; stateDir?: string; tls?: LocalTls } = {}): Promise<VaultLab> {
  const tls = options.tls ?? (await loadOrCreateLocalTls(createStateStore()));
  const authority = await startTestAuthority(tls);
  const eventBus = createEventBus();
  const events: FedlabEvent[] = [];
  eventBus.subscribe((event) => events.push(event));
  const ctx: PartyContext = {
    store: createStateStore(options.stateDir),
    keySource: pooledKeySource,
    logger: createLogger({ level: 'silent' }),
    events: eventBus,
    clock: createClock(),
    tls,
  };
  let vault: VaultParty;
  try {
    vault = await startVault(vaultConfigSchema.parse(labVaultConfig(options.config)), ctx, { entraAuthorityHost: authority.authorityHost });
  } catch (error) {
    await authority.close();
    throw error;
  }
  return {
    tls,
    authority,
    ctx,
    vault,
    events,
    async close() {
      await vault.close();
      await authority.close();
    },
  };
}

/** A TokenCredential that hands out one ready-made token and records what it was asked for. */
export function staticCredential(token: string): TokenCredential & { requests: { scopes: string[]; tenantId?: string }[] } {
  const requests: { scopes: string[]; tenantId?: string }[] = [];
  return {
    requests,
    async getToken(scopes, options): Promise<AccessToken> {
      requests.push({ scopes: Array.isArray(scopes) ? scopes : [scopes], tenantId: options?.tenantId });
      return { token, expiresOnTimestamp: Date.now() + 3600_000 };
    },
  };
}

/**
 * The real SecretClient as an application would configure it for fedlab: trusting the local CA
 * (tlsOptions) and accepting a challenge resource that is not the vault's own domain.
 */
export function secretClient(lab: VaultLab, credential: TokenCredential): SecretClient {
  return new SecretClient(lab.vault.urls.url, credential, {
    ...azureTlsOptions(lab.tls.caCertPem),
    disableChallengeResourceVerification: true,
    retryOptions: { maxRetries: 0 },
  });
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
  text: string;
}

/** A hand-made HTTPS request to the vault (for what the SDK never sends). */
export function rawRequest(
  lab: VaultLab,
  method: string,
  path: string,
  options: { token?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-length'] = String(Buffer.byteLength(options.body));
  return new Promise((resolve, reject) => {
    const req = request(`${lab.vault.urls.url}${path}`, { method, headers, agent: new Agent({ ca: lab.tls.caCertPem }) }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => {
        let body: unknown;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          body = undefined;
        }
        resolve({ status: res.statusCode!, headers: res.headers, body, text });
      });
    });
    req.on('error', reject);
    req.end(options.body);
  });
}
