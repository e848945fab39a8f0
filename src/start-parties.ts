import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startAws, type AwsParty } from './aws/index.js';
import { DEFAULT_CONFIG_FILE, loadFedlabConfig, parseFedlabConfig, type FedlabConfig, type FedlabConfigInput } from './config.js';
import { createClock } from './core/clock.js';
import { createEventBus, type EventBus } from './core/events.js';
import { generatingKeySource, pooledKeySource } from './core/keys/key-pool.js';
import { createLogger, type Logger } from './core/logger.js';
import type { PartyContext } from './core/party-context.js';
import { createStateStore } from './core/state-dir.js';
import { loadOrCreateLocalTls } from './core/tls/local-ca.js';
import { startEntra, type EntraParty } from './entra/index.js';
import { startVault, type VaultParty } from './vault/index.js';

export interface StartOptions {
  /** A configuration object (validated like a file); wins over `configFile`. */
  config?: FedlabConfigInput;
  /** YAML or JSON file; default: the embedded fixtures/fedlab.yaml. */
  configFile?: string;
  /** Keeps issuer ids, keys and the local CA across restarts. Without one, state lives in memory. */
  stateDir?: string;
  /** 'auto' puts every listener on a free port (what tests want). */
  ports?: 'auto' | 'config';
  /** Write the urls document here once ready. */
  urlsFile?: string;
  logger?: Logger;
  logLevel?: string;
}

/** Every endpoint of a running fedlab; the urls file has exactly this shape. */
export interface FedlabUrls {
  aws: { endpoint: string; issuers: Record<string, string> };
  entra?: { authorityHost: string };
  vault?: { url: string };
  ca: string;
}

/** The running parties, as the CLI needs them (no client SDKs loaded). */
export interface RunningParties {
  urls: FedlabUrls;
  /** PEM of fedlab's local CA (trust it to call the HTTPS parties). */
  ca: string;
  config: FedlabConfig;
  events: EventBus;
  aws: AwsParty;
  entra?: EntraParty;
  vault?: VaultParty;
  /** `https://127.0.0.1:<port>`: what msal's authority and @azure/identity's authorityHost start with. */
  entraAuthorityHost?: string;
  /** The first Entra tenant and its first application (the seed demo's). */
  tenantId?: string;
  clientId?: string;
  close(): Promise<void>;
}

function withAutoPorts(config: FedlabConfig): FedlabConfig {
  return { ...config, aws: { ...config.aws, port: 0 }, ...(config.entra ? { entra: { ...config.entra, port: 0 } } : {}), ...(config.vault ? { vault: { ...config.vault, port: 0 } } : {}) };
}

export async function startParties(options: StartOptions = {}): Promise<RunningParties> {
  let config = options.config ? parseFedlabConfig(options.config) : loadFedlabConfig(options.configFile ?? DEFAULT_CONFIG_FILE);
  if (options.ports === 'auto') config = withAutoPorts(config);
  const logger = options.logger ?? createLogger({ level: options.logLevel ?? 'silent' });
  const store = createStateStore(options.stateDir ? resolve(options.stateDir) : undefined);
  const events = createEventBus();
  const tls = await loadOrCreateLocalTls(store);
  const keySource = options.stateDir ? generatingKeySource : pooledKeySource;
  const context = (party: string): PartyContext => ({ store, keySource, logger: logger.child({ party }), events, clock: createClock(), tls });

  const scratch = options.stateDir ? undefined : mkdtempSync(join(tmpdir(), 'fedlab-'));
  const caPath = join(options.stateDir ? resolve(options.stateDir) : scratch!, 'ca.pem');
  mkdirSync(join(caPath, '..'), { recursive: true });
  writeFileSync(caPath, tls.caCertPem);

  const closers: (() => Promise<void>)[] = [];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  };
  try {
    const aws = await startAws(config.aws, context('aws'));
    closers.push(() => aws.close());

    // Entra resolves `aws:<account>` credential issuers to the AWS party's URLs: the two meet only over HTTP.
    const issuerAliases = Object.fromEntries(Object.entries(aws.urls.issuers).map(([id, url]) => ['aws:' + id, url]));
    const entra = config.entra ? await startEntra(config.entra, context('entra'), { issuerAliases }) : undefined;
    if (entra) closers.push(() => entra.close());
    // The vault trusts the fake Entra's published keys, found over HTTPS like any resource would.
    const vault = config.vault && entra ? await startVault(config.vault, context('vault'), { entraAuthorityHost: entra.urls.authorityHost }) : undefined;
    if (vault) closers.push(() => vault.close());

    const urls: FedlabUrls = { aws: aws.urls, ...(entra ? { entra: { authorityHost: entra.urls.authorityHost } } : {}), ...(vault ? { vault: vault.urls } : {}), ca: caPath };
    if (options.urlsFile) writeFileSync(options.urlsFile, JSON.stringify(urls, null, 2) + '\n');

    return {
      urls,
      ca: tls.caCertPem,
      config,
      events,
      aws,
      entra,
      vault,
      entraAuthorityHost: entra?.urls.authorityHost,
      tenantId: config.entra?.tenants[0]?.id,
      clientId: config.entra?.tenants[0]?.applications[0]?.appId,
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
