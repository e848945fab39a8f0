import type { PinnedHost } from '../core/fetch/hardened-fetch.js';
import { evictionNotice } from '../core/bounds/eviction-notice.js';
import { ConfigError } from '../core/config/config-error.js';
import { createFaultRegistry, type FaultRegistry } from '../core/control/fault-registry.js';
import { listen } from '../core/http/listen.js';
import { createIssuerKeys, type IssuerKeys } from '../core/jwt/issuer-keys.js';
import { createReplayCache, createSharedReplayCache, type ReplayCache } from '../core/jwt/replay-cache.js';
import type { PartyContext } from '../core/party-context.js';
import type { EntraConfig } from './config.js';
import type { EntraFaultSpec } from './control/fault-spec.js';
import type { Clock } from '../core/clock.js';
import { createDirectory, unresolvedAliases, type Directory } from './directory/directory.js';
import { DIRECTORY_STATE_FILE, loadDirectoryState, saveDirectoryState } from './directory/directory-state.js';
import { createTraceLog, type TraceLog } from './exchange/trace-log.js';
import { followReplicas } from './replicas/follow-replicas.js';
import { externalIssuerFetchPolicy } from './fetch-policy.js';
import { createEntraListener } from './http/app.js';
import { createKnownHosts, type KnownHosts } from './http/known-hosts.js';
import { loadEntraKeys, type EntraKeyRing } from './keys/entra-keys.js';
import type { EntraRuntime } from './runtime.js';
import { createTenantPolicies, type TenantPolicies } from './tenant-policy/index.js';

export { entraConfigSchema, type EntraConfig, type EntraConfigInput } from './config.js';
export { parseEntraFaultSpec, type EntraFaultSpec, type EntraFaultSpecInput } from './control/fault-spec.js';

export interface EntraDeps {
  /** `aws:<account id>` → that account's issuer URL (from the AWS party, passed by the composition root). */
  issuerAliases: Record<string, string>;
  /** Issuer host names reached at a fixed address (fedlab's proxy for `*.tokens.sts.global.api.aws`), no DNS. */
  pinnedHosts?: readonly PinnedHost[];
  /** Every party's `publicUrl` origin: fedlab's own, fetched wherever the balancer's address is. */
  ownOrigins?: readonly string[];
}

export interface EntraParty {
  urls: { authorityHost: string };
  /** The listener's own address (what a balancer in front forwards to); `urls` name `publicUrl` when set. */
  listenerUrl: string;
  /** Tenants, applications (with their federated credentials) and resources, live. */
  directory: Directory;
  /** Entra's signing keys (rotate() publishes a new one). */
  keys: EntraKeyRing;
  /** The cache of external issuers' discovery and keys (forget() to drop it). */
  issuerKeys: IssuerKeys;
  /** Recent token requests' check traces by correlation id. */
  traces: TraceLog;
  hosts: KnownHosts;
  /** Token-endpoint faults (what `/_fedlab/faults` manages on this listener). */
  faults: FaultRegistry<EntraFaultSpec>;
  /** Each tenant's federation switches and Conditional Access policies (also `/_fedlab/tenant-policy`). */
  tenantPolicies: TenantPolicies;
  /** The party's clock (tests move its offset to pass a propagation delay or an expiry). */
  clock: Clock;
  close(): Promise<void>;
}

/** Starts the fake Microsoft Entra ID on HTTPS. */
export async function startEntra(config: EntraConfig, ctx: PartyContext, deps: EntraDeps): Promise<EntraParty> {
  const unresolved = unresolvedAliases(config, deps.issuerAliases);
  if (unresolved.length > 0) throw new ConfigError(undefined, unresolved);

  const issuerKeys = createIssuerKeys({
    fetchPolicy: externalIssuerFetchPolicy(config, ctx.tls.caCertPem, deps.pinnedHosts, deps.issuerAliases, deps.ownOrigins),
    jwksOrigins: config.externalIssuers.jwksOrigins,
    cacheMaxAgeMs: config.externalIssuers.cacheMaxAgeSeconds * 1000,
    cooldownMs: config.externalIssuers.cooldownSeconds * 1000,
    nowMs: ctx.clock.nowMs,
    onFetch: (issuer, stage, url) => ctx.logger.debug({ issuer, stage, url }, 'fetching external issuer metadata'),
  });
  const runtime: EntraRuntime = {
    config,
    ctx,
    // Runtime changes (Graph API) from an earlier run win over the config; a corrupt file stops the start.
    directory: createDirectory(config, deps.issuerAliases, { saved: loadDirectoryState(ctx.store), persist: (tenants) => saveDirectoryState(ctx.store, tenants) }),
    keys: await loadEntraKeys(ctx),
    issuerKeys,
    traces: createTraceLog({ onEvict: evictionNotice(ctx.logger, 'the check-trace log', '4 MiB of traces') }),
    faults: createFaultRegistry<EntraFaultSpec>('entra', ctx),
    tenantPolicies: createTenantPolicies(config, deps.issuerAliases),
    algorithms: config.strict ? ['RS256'] : ['RS256', 'ES384'],
    ...(config.replayCache.enabled ? { replayCache: replayCacheFor(config, ctx) } : {}),
    // Replaced below, once the listener knows its port (no request arrives before that).
    hosts: createKnownHosts(`https://${config.host}:${config.port}`, config.port, config.host, config.hostnames, config.publicUrl),
  };
  followReplicas(runtime);
  // Graph changes made on another replica (applications, federated credentials): no restart.
  ctx.store.watch?.(DIRECTORY_STATE_FILE, () => runtime.directory.reload(loadDirectoryState(ctx.store)));
  const listener = await listen(createEntraListener(runtime), { host: config.host, port: config.port, hostnames: config.hostnames, publicUrl: config.publicUrl, tls: { cert: ctx.tls.serverCertPem, key: ctx.tls.serverKeyPem } });
  runtime.hosts = createKnownHosts(listener.url, listener.port, config.host, config.hostnames, config.publicUrl);
  ctx.logger.info({ url: listener.url, tenants: config.tenants.map((t) => t.id), strict: config.strict }, 'entra listening');
  return {
    urls: { authorityHost: listener.publicUrl },
    listenerUrl: listener.url,
    directory: runtime.directory,
    keys: runtime.keys,
    issuerKeys,
    traces: runtime.traces,
    get hosts() {
      return runtime.hosts;
    },
    clock: ctx.clock,
    faults: runtime.faults,
    tenantPolicies: runtime.tenantPolicies,
    close: () => listener.close(),
  };
}

/** Shared by every replica with `--store`; else this process's own bounded cache. */
function replayCacheFor(config: EntraConfig, ctx: PartyContext): ReplayCache {
  const skewSeconds = config.clockSkewSeconds;
  return ctx.sharedStore ? createSharedReplayCache(ctx.sharedStore, { namespace: 'entra', skewSeconds }) : createReplayCache({ maxEntries: config.replayCache.maxEntries, skewSeconds, onEvict: evictionNotice(ctx.logger, 'the replay cache', `entra.replayCache.maxEntries = ${config.replayCache.maxEntries}`) });
}
