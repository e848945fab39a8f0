import { evictionNotice } from '../core/bounds/eviction-notice.js';
import { MICROSOFT_LOGIN_HOST, realVaultUrl } from '../core/real-hosts.js';
import type { PartyContext } from '../core/party-context.js';
import { listen } from '../core/http/listen.js';
import type { RoleAssignment } from '../core/rbac/authorize.js';
import { createVaultApp } from './app.js';
import { vaultControlRouter } from './control/control-router.js';
import { bearerChallenge } from './auth/challenge.js';
import { createTenantKeys } from '../core/jwt/entra-tenant-keys.js';
import { createVaultRoleAssignments } from './auth/role-assignments.js';
import { vaultEvents } from './http/vault-events.js';
import type { VaultConfig } from './config.js';
import { recoveryFor, type BundleContext } from './secrets/secret-bundle.js';
import { createSecretStore, roleAssignmentsDocumentOf, secretsDocumentOf } from './secrets/secret-store.js';

export { vaultConfigSchema, type VaultConfig, type VaultConfigInput } from './config.js';

export interface VaultDeps {
  /** Where the fake Entra serves its tenants, e.g. https://127.0.0.1:4581 (no trailing slash needed). */
  entraAuthorityHost: string;
  /**
   * Reached through fedlab's proxy as `https://<name>.vault.azure.net`: requests with that Host are
   * challenged with `https://login.microsoftonline.com/<tenant>`, and their ids (secret ids,
   * recovery ids, nextLinks) name `https://<name>.vault.azure.net`, as Key Vault's are.
   */
  realHostnames?: boolean;
  /** The vault tenant's role assignments (entra.tenants[].roleAssignments), for `authorization: rbac`. */
  roleAssignments?: readonly RoleAssignment[];
  /** Every party's `publicUrl` origin: fedlab's own, fetched wherever the balancer's address is. */
  ownOrigins?: readonly string[];
  /** A vault of the `vaults` list (not the `vault` section): its secrets are a document of their own. */
  listed?: boolean;
}

function realHost(hostHeader: string | undefined, name: string): boolean {
  const host = (hostHeader ?? '').toLowerCase().replace(/:443$/, '');
  return `https://${host}` === realVaultUrl(name);
}

export interface VaultParty {
  /** `url` is the vault URL to give SecretClient. */
  urls: { url: string };
  /** The listener's own address (what a balancer in front forwards to); `urls` name `publicUrl` when set. */
  listenerUrl: string;
  close(): Promise<void>;
}

/** Start the fake Azure Key Vault (secrets data plane) on HTTPS with fedlab's server certificate. */
export async function startVault(config: VaultConfig, ctx: PartyContext, deps: VaultDeps): Promise<VaultParty> {
  const secrets = createSecretStore({
    store: ctx.store,
    document: secretsDocumentOf(deps.listed ? config.name : undefined),
    clock: ctx.clock,
    retentionDays: config.softDeleteRetentionInDays,
    seed: config.secrets,
    limits: { maxSecrets: config.maxSecrets, maxVersionsPerSecret: config.maxVersionsPerSecret, maxStoredBytes: config.maxStoredBytes },
    onEvict: evictionNotice(ctx.logger, `the secret versions of vault ${config.name}`, `vault.maxVersionsPerSecret = ${config.maxVersionsPerSecret}`),
  });
  const localChallenge = bearerChallenge(deps.entraAuthorityHost, config.tenant);
  const realChallenge = bearerChallenge(`https://${MICROSOFT_LOGIN_HOST}`, config.tenant);
  const keys = createTenantKeys({ authorityHost: deps.entraAuthorityHost, tenant: config.tenant, caPem: ctx.tls.caCertPem, nowMs: ctx.clock.nowMs, ownOrigins: deps.ownOrigins });
  // Ids in responses carry the vault URL the client used: the listener's (known once it has its
  // port) or, through the proxy, https://<name>.vault.azure.net as Key Vault's own ids read.
  const recovery = recoveryFor(config.softDeleteRetentionInDays);
  const local: BundleContext = { vaultUrl: '', recovery };
  const real: BundleContext = { vaultUrl: realVaultUrl(config.name), recovery };
  const reachedByRealName = (host: string | undefined) => deps.realHostnames === true && realHost(host, config.name);
  const roleAssignments = createVaultRoleAssignments(deps.roleAssignments ?? [], { store: ctx.store, name: roleAssignmentsDocumentOf(deps.listed ? config.name : undefined) });
  const rbacControl = { vault: config, assignments: roleAssignments, events: vaultEvents(ctx.events, config), logger: ctx.logger };
  const app = createVaultApp({
    config,
    ctx,
    secrets,
    siteFor: (host) => (reachedByRealName(host) ? real : local),
    keys,
    challenge: (host) => (reachedByRealName(host) ? realChallenge : localChallenge),
    control: vaultControlRouter(ctx, config.host, rbacControl),
    roleAssignments,
  });
  const listener = await listen(app, { host: config.host, port: config.port, publicUrl: config.publicUrl, tls: { cert: ctx.tls.serverCertPem, key: ctx.tls.serverKeyPem } });
  local.vaultUrl = listener.publicUrl;
  ctx.logger.info({ url: listener.url, tenant: config.tenant }, 'vault listening');
  return { urls: { url: listener.publicUrl }, listenerUrl: listener.url, close: () => listener.close() };
}
