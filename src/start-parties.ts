import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startAws, type AwsParty } from './aws/index.js';
import { DEFAULT_CONFIG_FILE, loadFedlabConfig, parseFedlabConfig, type FedlabConfig, type FedlabConfigInput } from './config.js';
import { createClock } from './core/clock.js';
import { followReplicaClock } from './core/control/endpoints/clock.js';
import { generateAdminToken, isLoopbackHost } from './core/control/admin-access.js';
import { evictionNotice } from './core/bounds/eviction-notice.js';
import { createEventBus, type EventBus } from './core/events.js';
import { generatingKeySource, pooledKeySource } from './core/keys/key-pool.js';
import { createLogger, type Logger } from './core/logger.js';
import type { PartyContext } from './core/party-context.js';
import { createStateStore } from './core/state-dir.js';
import { connectRedisStore } from './core/shared/redis-store.js';
import { replicaFingerprint } from './core/shared/replica-fingerprint.js';
import { openSharedStateStore } from './core/shared/shared-state-store.js';
import { shareEvents } from './core/shared/shared-events.js';
import type { SharedStore } from './core/shared/shared-store.js';
import { ConfigError } from './core/config/config-error.js';
import { chooseStateDir, stateFingerprint, type StateDirChoice } from './core/state-fingerprint.js';
import { loadOrCreateLocalTls } from './core/tls/local-ca.js';
import { startEntra, type EntraParty } from './entra/index.js';
import { startVault, type VaultParty } from './vault/index.js';
import { vaultResourceId } from './vault/config.js';
import { startArm, type ArmParty } from './arm/index.js';
import { proxyConfigSchema, startProxy, type ProxyParty } from './proxy/index.js';
import { GITHUB_ACTIONS_HOST, startGithub, type GithubParty } from './github/index.js';
import { ISSUER_HOST_SUFFIX, MICROSOFT_LOGIN_HOST, realVaultUrl } from './core/real-hosts.js';
import { createRuntimeControl, type PartyName, type RuntimeControl } from './runtime-control.js';
import { startConsole, type ConsoleMount, type ConsoleParty } from './console/index.js';
import type { Attendee } from './labs/attendee.js';
import { prepareRoom, startLabs, type RunningLabs } from './labs/compose.js';

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
  /** `--store redis://host:port/db`: the replicas' shared store (wins over the config's `store`). */
  store?: string;
  /** A shared store already connected (`fedlab start --workers` without `--store`: the primary's); wins over `store`. */
  sharedStore?: SharedStore;
  /** The admin token when the configuration sets none (`--workers`: one token for every worker). */
  adminToken?: string;
  /** Routers added to the console listener (e.g. the labs API at /api/labs). */
  consoleMounts?: ConsoleMount[];
  /** A workshop room: each attendee gets an account, tenant, app and vault of their own (src/labs/attendees.ts). */
  attendees?: number;
  /** Lab definitions checked at /api/labs on the console (default: the course in labs/). */
  labsDir?: string;
  /** Start the forward proxy for the clouds' real host names (`fedlab start --proxy [port]`); wins over the `proxy` section. */
  proxy?: boolean | { host?: string; port?: number };
}

/** Every endpoint of a running fedlab; the urls file has exactly this shape. */
export interface FedlabUrls {
  aws: { endpoint: string; issuers: Record<string, string> };
  entra?: { authorityHost: string };
  vault?: { url: string };
  /** The workshop console (a web page over HTTP). */
  console?: { url: string };
  /** The `vaults` section's Key Vaults (one per attendee with --attendees). */
  vaults?: { name: string; tenant: string; url: string }[];
  ca: string;
  /** With the proxy: `HTTPS_PROXY` names this. */
  proxy?: { url: string };
  /** With a `github` section: GitHub Actions' issuer, its listener, and each job's runner variables. */
  github?: GithubParty['urls'];
  /** With an `arm` section: Azure Resource Manager's endpoint (ManagedServiceIdentityClient's `endpoint`). */
  arm?: { url: string };
  /** With the proxy: the production names that reach fedlab through it. */
  real?: { authorityHost: string; vaults: string[]; issuers: Record<string, string> };
}

/** The running parties, as the CLI needs them (no client SDKs loaded). */
export interface RunningParties {
  urls: FedlabUrls;
  /** Each listener's own address; differs from `urls` where a `publicUrl` (a balancer in front) is configured. */
  listeners: { aws: string; entra?: string; vault?: string; console?: string; arm?: string };
  /** PEM of fedlab's local CA (trust it to call the HTTPS parties). */
  ca: string;
  config: FedlabConfig;
  events: EventBus;
  aws: AwsParty;
  entra?: EntraParty;
  vault?: VaultParty;
  console?: ConsoleParty;
  vaults: VaultParty[];
  arm?: ArmParty;
  proxy?: ProxyParty;
  github?: GithubParty;
  /** With `attendees`: who is who (credentials included: attendees.json is written from this). */
  attendees?: Attendee[];
  /** The lab checker behind /api/labs (when the console runs). */
  labs?: RunningLabs;
  /** `https://127.0.0.1:<port>`: what msal's authority and @azure/identity's authorityHost start with. */
  entraAuthorityHost?: string;
  /** The first Entra tenant and its first application (the seed demo's). */
  tenantId?: string;
  clientId?: string;
  /** Runtime control in-process: `faults.inject/list/clear`, `setClockOffset`, `clock` (see docs/runtime-control.md). */
  faults: RuntimeControl['faults'];
  setClockOffset: RuntimeControl['setClockOffset'];
  clock: RuntimeControl['clock'];
  /** With a state dir: the one this configuration's state lives in, and what the given one was made for when they differ. */
  state?: StateDirChoice;
  /** The token `/_fedlab/*` wants on listeners bound to a non-loopback address (`admin.token`, or generated). */
  admin: { token: string; generated: boolean; required: boolean };
  close(): Promise<void>;
}

/** The ARM-shaped API, when the urls carry its key (`"arm": {"url"}`): the proxy answers management.azure.com with it. */
function armRoute(urls: FedlabUrls): { arm?: string } {
  return urls.arm ? { arm: urls.arm.url } : {};
}

function withAutoPorts(config: FedlabConfig): FedlabConfig {
  return { ...config, aws: { ...config.aws, port: 0 }, ...(config.entra ? { entra: { ...config.entra, port: 0 } } : {}), ...(config.vault ? { vault: { ...config.vault, port: 0 } } : {}), ...(config.console ? { console: { ...config.console, port: 0 } } : {}), ...(config.proxy ? { proxy: { ...config.proxy, port: 0 } } : {}), ...(config.github ? { github: { ...config.github, port: 0 } } : {}), ...(config.arm ? { arm: { ...config.arm, port: 0 } } : {}), vaults: config.vaults.map((v) => ({ ...v, port: 0 })) };
}

/** Whether a federated credential has a claims expression, as the directory holds it right now. */
function credentialLookup(entra: EntraParty) {
  return (tenantId: string, clientId: string, name: string) => {
    const tenant = entra.directory.tenant(tenantId);
    const fic = tenant && entra.directory.application(tenant, clientId)?.federatedIdentityCredentials.find((f) => f.name === name);
    return fic ? { hasClaimsExpression: fic.claimsMatchingExpression !== null } : undefined;
  };
}

/** The state dir of this configuration (src/core/state-fingerprint.ts). */
function stateFor(dir: string, config: FedlabConfig, options: StartOptions): StateDirChoice {
  // The proxy is a front door, not state: restarting with `--proxy` keeps the issuer ids, keys,
  // credentials and lab progress (issuers then show their real form).
  const { proxy: _frontDoor, ...stateful } = config;
  const fingerprint = stateFingerprint({ config: stateful, attendees: options.attendees, labsDir: options.labsDir && resolve(options.labsDir) });
  const configuration = options.config ? 'a configuration object' : options.configFile ? resolve(options.configFile) : 'the embedded configuration';
  return chooseStateDir(dir, (d) => createStateStore(d), { fingerprint, configuration, attendees: options.attendees ?? 0 });
}

function startConfig(options: StartOptions): FedlabConfig {
  const config = options.config ? parseFedlabConfig(options.config) : loadFedlabConfig(options.configFile ?? DEFAULT_CONFIG_FILE);
  return options.proxy ? { ...config, proxy: proxyConfigSchema.parse({ ...config.proxy, ...(options.proxy === true ? {} : options.proxy) }) } : config;
}

/** The state dir these options' configuration uses (`fedlab start --workers`: the primary keeps the documents there). */
export function stateDirOf(options: StartOptions & { stateDir: string }): StateDirChoice {
  return stateFor(resolve(options.stateDir), startConfig(options), options);
}

/** The Redis these options' replicas share (`--store`, else the configuration's `store`), if any. */
export function storeOf(options: StartOptions): string | undefined {
  return options.store ?? startConfig(options).store;
}

export async function startParties(options: StartOptions = {}): Promise<RunningParties> {
  let config = startConfig(options);
  const state = options.stateDir ? stateFor(resolve(options.stateDir), config, options) : undefined;
  if (options.ports === 'auto') config = withAutoPorts(config);
  const logger = options.logger ?? createLogger({ level: options.logLevel ?? 'silent' });
  const events = createEventBus({ onEvict: evictionNotice(logger, 'the event buffer', '4 MiB of events') });
  // Before anything listens: a replica whose store is unreachable must not serve on its own.
  const storeUrl = options.store ?? config.store;
  const sharedStore = options.sharedStore ?? (storeUrl ? await connectRedisStore(storeUrl, logger.child({ party: 'store' })) : undefined);
  const releaseStartLock = sharedStore ? await joinReplicas(sharedStore, config, options, logger) : undefined;
  if (sharedStore) await shareEvents(events, sharedStore, logger.child({ party: 'store' }));
  const sharedState = sharedStore ? await openSharedStateStore(sharedStore, { logger: logger.child({ party: 'store' }), events }) : undefined;
  const store = sharedState ?? createStateStore(state?.dir);
  let attendees: Attendee[] | undefined;
  if (options.attendees) {
    const room = prepareRoom(config, store, options.attendees);
    config = parseFedlabConfig(room.config);
    attendees = room.attendees;
  }
  // One local CA per state dir, whatever the configuration: what people trusted keeps working.
  // Replicas share theirs through the store: one CA, whatever replica a client reaches.
  const tls = await loadOrCreateLocalTls(options.stateDir && !sharedStore ? createStateStore(resolve(options.stateDir)) : store);
  const keySource = options.stateDir ? generatingKeySource : pooledKeySource;
  const adminToken = config.admin?.token ?? options.adminToken ?? generateAdminToken();
  const contexts: Partial<Record<PartyName, PartyContext>> = {};
  const context = (party: string): PartyContext => {
    const ctx: PartyContext = { store, ...(sharedStore ? { sharedStore } : {}), keySource, logger: logger.child({ party }), events, clock: createClock(), tls, adminToken };
    if (party === 'aws' || party === 'entra' || party === 'vault') contexts[party] = ctx;
    followReplicaClock({ party, ctx });
    return ctx;
  };

  const scratch = options.stateDir ? undefined : mkdtempSync(join(tmpdir(), 'fedlab-'));
  const caPath = join(options.stateDir ? resolve(options.stateDir) : scratch!, 'ca.pem');
  mkdirSync(join(caPath, '..'), { recursive: true });
  writeFileSync(caPath, tls.caCertPem);

  // Closed last (closers run in reverse): the parties may need it until they stop.
  const closers: (() => Promise<void>)[] = sharedStore ? [() => sharedStore.close()] : [];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  };
  try {
    // The proxy listens first: Entra reaches the real issuer names at its port (routes follow below).
    const proxy = config.proxy ? await startProxy(config.proxy, context('proxy')) : undefined;
    if (proxy) closers.push(() => proxy.close());
    // Behind a balancer (`<party>.publicUrl`) these origins are fedlab's own, wherever they resolve.
    const ownOrigins = [config.aws.publicUrl, config.entra?.publicUrl, config.vault?.publicUrl, ...config.vaults.map((v) => v.publicUrl), config.console?.publicUrl, config.arm?.publicUrl].filter((url): url is string => url !== undefined);
    const aws = await startAws(config.aws, context('aws'), { realIssuers: proxy !== undefined, ownOrigins });
    closers.push(() => aws.close());

    // Entra resolves `aws:<account>` credential issuers to the AWS party's URLs: the two meet only over HTTP.
    const issuerAliases = Object.fromEntries(Object.entries(aws.urls.issuers).map(([id, url]) => ['aws:' + id, url]));
    // Entra reaches token.actions.githubusercontent.com at the GitHub Actions listener, as it would reach GitHub.
    const github = config.github ? await startGithub(config.github, context('github')) : undefined;
    if (github) closers.push(() => github.close());
    const pins = [
      ...(proxy ? [{ name: `*${ISSUER_HOST_SUFFIX}`, address: '127.0.0.1', port: proxy.port }] : []),
      ...(github ? [{ name: GITHUB_ACTIONS_HOST, address: '127.0.0.1', port: github.port }] : []),
    ];
    const pinnedHosts = pins.length ? pins : undefined;
    const entra = config.entra ? await startEntra(config.entra, context('entra'), { issuerAliases, pinnedHosts, ownOrigins }) : undefined;
    if (entra) closers.push(() => entra.close());
    // The vault trusts the fake Entra's published keys, found over HTTPS like any resource would.
    // Role assignments are configuration data of the vault's tenant, handed over like the issuer aliases.
    const roleAssignmentsOf = (tenant: string) => config.entra?.tenants.find((t) => t.id.toLowerCase() === tenant.toLowerCase())?.roleAssignments ?? [];
    const vault = config.vault && entra ? await startVault(config.vault, context('vault'), { entraAuthorityHost: entra.urls.authorityHost, realHostnames: proxy !== undefined, roleAssignments: roleAssignmentsOf(config.vault.tenant), ownOrigins }) : undefined;
    if (vault) closers.push(() => vault.close());
    const vaults: VaultParty[] = [];
    for (const extra of entra ? config.vaults : []) {
      const started = await startVault(extra, context(`vault:${extra.name}`), { entraAuthorityHost: entra!.urls.authorityHost, realHostnames: proxy !== undefined, roleAssignments: roleAssignmentsOf(extra.tenant), ownOrigins, listed: true });
      closers.push(() => started.close());
      vaults.push(started);
    }

    // ARM verifies Entra's tokens over HTTPS and changes Entra's directory over HTTP (its /_fedlab routes).
    // Role assignments made through ARM at (or in, or above) a vault of its tenant reach that vault's listener.
    const armTenant = config.arm?.tenant ?? config.entra?.tenants[0]?.id;
    const sameTenant = (tenant: string) => tenant.toLowerCase() === armTenant?.toLowerCase();
    const armVaults = [...(vault && config.vault ? [{ config: config.vault, party: vault }] : []), ...vaults.map((party, i) => ({ config: config.vaults[i]!, party }))]
      .filter((v) => sameTenant(v.config.tenant))
      .map((v) => ({ id: vaultResourceId(v.config), url: v.party.listenerUrl }));
    const arm = config.arm && entra && armTenant ? await startArm(config.arm, context('arm'), { tenant: armTenant, entraAuthorityHost: entra.urls.authorityHost, entraUrl: entra.listenerUrl, roleAssignments: roleAssignmentsOf(armTenant), vaults: armVaults, ownOrigins }) : undefined;
    if (arm) closers.push(() => arm.close());

    const vaultUrls = vaults.map((v, i) => ({ name: config.vaults[i]!.name, tenant: config.vaults[i]!.tenant, url: v.urls.url }));
    const vaultsByName: Record<string, string> = Object.fromEntries([...(vault && config.vault ? [[config.vault.name, vault.urls.url]] : []), ...vaultUrls.map((v) => [v.name, v.url])]);
    const real = proxy
      ? { proxy: proxy.urls, real: { authorityHost: `https://${MICROSOFT_LOGIN_HOST}`, vaults: entra ? Object.keys(vaultsByName).map(realVaultUrl) : [], issuers: aws.urls.issuers } }
      : {};
    const partyUrls: FedlabUrls = { aws: aws.urls, ...(entra ? { entra: { authorityHost: entra.urls.authorityHost } } : {}), ...(vault ? { vault: vault.urls } : {}), ...(vaults.length ? { vaults: vaultUrls } : {}), ...(github ? { github: github.urls } : {}), ...(arm ? { arm: arm.urls } : {}), ca: caPath, ...real };
    proxy?.setRoutes({ aws: aws.urls.endpoint, issuerIds: aws.accounts().map((a) => a.issuerId), entra: entra?.urls.authorityHost, vaults: vaultsByName, ...(github ? { github: github.urls.url } : {}), ...armRoute(partyUrls) });
    // The lab checker reads the event stream; its resets go through the parties' public HTTP APIs.
    const labs = config.console
      ? startLabs({
          config,
          attendees,
          labsDir: options.labsDir,
          events,
          store,
          ca: tls.caCertPem,
          adminToken,
          urls: {
            awsEndpoint: aws.urls.endpoint,
            issuers: aws.urls.issuers,
            authorityHost: entra?.urls.authorityHost,
            vaults: Object.fromEntries([
              ...(vault && config.vault ? [['default', vault.urls.url]] : []),
              ...(attendees ?? []).flatMap((a) => vaultUrls.filter((v) => v.name === a.vaultName).map((v) => [a.id, v.url])),
            ]),
            vaultsByName,
            listeners: [aws.urls.endpoint, ...(entra ? [entra.urls.authorityHost] : []), ...(vault ? [vault.urls.url] : []), ...vaultUrls.map((v) => v.url)],
            ...(proxy ? { proxyUrl: proxy.urls.url } : {}),
          },
          credential: entra ? credentialLookup(entra) : undefined,
          logger: logger.child({ party: 'labs' }),
        })
      : undefined;
    if (labs) closers.push(() => labs.close());
    // The console drives the parties over HTTP(S) only, with their urls and the CA.
    const consoleParty = config.console ? await startConsole({ ...config, console: config.console }, context('console'), { urls: partyUrls, ca: tls.caCertPem, mounts: [...(options.consoleMounts ?? []), ...(labs ? [labs.mount] : [])] }) : undefined;
    if (consoleParty) closers.push(() => consoleParty.close());
    const urls: FedlabUrls = { ...partyUrls, ...(consoleParty ? { console: consoleParty.urls } : {}) };
    if (options.urlsFile) writeFileSync(options.urlsFile, JSON.stringify(urls, null, 2) + '\n');
    // The next replica to start must find what this one created (keys, CA, issuer ids).
    await sharedState?.flushed();
    await releaseStartLock?.();

    return {
      urls,
      listeners: { aws: aws.listenerUrl, ...(entra ? { entra: entra.listenerUrl } : {}), ...(vault ? { vault: vault.listenerUrl } : {}), ...(consoleParty ? { console: consoleParty.listenerUrl } : {}), ...(arm ? { arm: arm.listenerUrl } : {}) },
      ca: tls.caCertPem,
      config,
      events,
      aws,
      entra,
      vault,
      console: consoleParty,
      vaults,
      arm,
      proxy,
      github,
      attendees,
      labs,
      state,
      entraAuthorityHost: entra?.urls.authorityHost,
      tenantId: config.entra?.tenants[0]?.id,
      clientId: config.entra?.tenants[0]?.applications[0]?.appId,
      ...createRuntimeControl({ aws, entra, contexts }),
      admin: {
        token: adminToken,
        generated: !config.admin?.token,
        required: [config.aws.host, config.entra?.host, config.vault?.host, config.arm?.host, ...config.vaults.map((v) => v.host)].some((host) => host !== undefined && !isLoopbackHost(host)),
      },
      close: closeAll,
    };
  } catch (error) {
    await releaseStartLock?.();
    await closeAll();
    throw error;
  }
}

/**
 * A replica joins the others on the store: it waits its turn to start (the first one creates the
 * shared keys, CA and issuer ids) and refuses a store written by a different configuration.
 */
async function joinReplicas(shared: SharedStore, config: FedlabConfig, options: StartOptions, logger: Logger): Promise<() => Promise<void>> {
  try {
    const release = await shared.startLock();
    const mine = replicaFingerprint(config as unknown as Record<string, unknown>, { attendees: options.attendees ?? 0 });
    const recorded = await shared.claimConfiguration(mine);
    if (recorded !== mine) {
      await release();
      throw new ConfigError(undefined, [`--store ${shared.location} holds the state of a different configuration (fingerprint ${recorded}, this one ${mine}): every replica must run the same configuration, only each section's host and port may differ`]);
    }
    logger.info({ store: shared.location, fingerprint: mine }, 'shared store connected');
    return release;
  } catch (error) {
    await shared.close();
    throw error;
  }
}
