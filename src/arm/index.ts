import type { Router } from 'express';
import { ControlError } from '../core/control/control-error.js';
import { createControlRouter } from '../core/control/control-router.js';
import { createFaultRegistry, type FaultSpecBase } from '../core/control/fault-registry.js';
import { listen } from '../core/http/listen.js';
import { createTenantKeys } from '../core/jwt/entra-tenant-keys.js';
import type { PartyContext } from '../core/party-context.js';
import type { RoleAssignment } from '../core/rbac/authorize.js';
import { MICROSOFT_LOGIN_HOST } from '../core/real-hosts.js';
import { createArmApp } from './app.js';
import { createEntraDirectory } from './identities/entra-directory.js';
import { identityRoutes } from './identities/routes.js';
import { createWriteLock } from './identities/write-lock.js';
import { createAssignmentStore } from './role-assignments/assignment-store.js';
import { roleAssignmentRoutes } from './role-assignments/routes.js';
import { createVaultAssignments, type KnownVault } from './role-assignments/vault-directory.js';
import type { ArmConfig } from './config.js';

export { armConfigSchema, type ArmConfig, type ArmConfigInput } from './config.js';

export interface ArmDeps {
  /** The subscriptions' tenant (`arm.tenant`, else the first Entra tenant). */
  tenant: string;
  /** Where the fake Entra serves its tenants: tokens are verified with its published keys, over HTTPS. */
  entraAuthorityHost: string;
  /** The Entra listener's own URL: identities are kept in Entra's directory, changed at its `/_fedlab/managed-identities`. */
  entraUrl: string;
  /** The tenant's role assignments (entra.tenants[].roleAssignments): who may manage what. */
  roleAssignments?: readonly RoleAssignment[];
  /** The Key Vaults (ARM id, listener URL): role assignments made through ARM at or in a vault reach it. */
  vaults?: readonly KnownVault[];
  /** Every party's `publicUrl` origin: fedlab's own, fetched wherever the balancer's address is. */
  ownOrigins?: readonly string[];
}

export interface ArmParty {
  /** `url` is the endpoint to give ARM clients (ManagedServiceIdentityClient's `endpoint`). */
  urls: { url: string };
  listenerUrl: string;
  close(): Promise<void>;
}

const ARM_REAL_HOST = 'management.azure.com';
/** Named in NoRegisteredProviderFound (ARM names the request's location; fedlab has no regions). */
const DEFAULT_LOCATION = 'eastus';

/** `/_fedlab/*` on the ARM listener: clock and events (no fault kinds). */
function armControlRouter(ctx: PartyContext, host: string): Router {
  return createControlRouter<FaultSpecBase>({
    party: 'arm',
    ctx,
    host,
    faults: createFaultRegistry<FaultSpecBase>('arm', ctx),
    parseFaultSpec: () => {
      throw new ControlError(400, 'UnsupportedFault', 'the ARM listener has no fault kinds; inject token faults on the Entra listener');
    },
  });
}

/** Start the fake Azure Resource Manager on HTTPS with fedlab's server certificate. */
export async function startArm(config: ArmConfig, ctx: PartyContext, deps: ArmDeps): Promise<ArmParty> {
  const keys = createTenantKeys({ authorityHost: deps.entraAuthorityHost, tenant: deps.tenant, caPem: ctx.tls.caCertPem, nowMs: ctx.clock.nowMs, ownOrigins: deps.ownOrigins });
  const local = `${deps.entraAuthorityHost.replace(/\/+$/, '')}/${deps.tenant}`;
  const real = `https://${MICROSOFT_LOGIN_HOST}/${deps.tenant}`;
  const reachedByRealName = (host: string | undefined) => (host ?? '').toLowerCase().replace(/:443$/, '') === ARM_REAL_HOST;
  const directory = createEntraDirectory({ entraUrl: deps.entraUrl, tenant: deps.tenant, caPem: ctx.tls.caCertPem, adminToken: ctx.adminToken });
  const store = createAssignmentStore(deps.roleAssignments ?? [], ctx.store);
  const vaults = createVaultAssignments(deps.vaults ?? [], ctx.tls.caCertPem, ctx.adminToken);
  const identities = { directory, tenant: deps.tenant, lock: createWriteLock(ctx.sharedStore, ctx.logger), roleAssignments: store.all, location: DEFAULT_LOCATION };
  const app = createArmApp({
    tenant: deps.tenant,
    ctx,
    keys,
    authority: (host) => (reachedByRealName(host) ? real : local),
    control: armControlRouter(ctx, config.host),
    routes: (router, reject) => {
      roleAssignmentRoutes(router, reject, { store, vaults, location: DEFAULT_LOCATION, now: () => new Date(ctx.clock.nowMs()) });
      identityRoutes(router, reject, identities);
    },
  });
  const listener = await listen(app, { host: config.host, port: config.port, publicUrl: config.publicUrl, tls: { cert: ctx.tls.serverCertPem, key: ctx.tls.serverKeyPem } });
  ctx.logger.info({ url: listener.url, tenant: deps.tenant }, 'arm listening');
  return {
    urls: { url: listener.publicUrl },
    listenerUrl: listener.url,
    async close() {
      await listener.close();
      await directory.close();
      await vaults.close();
    },
  };
}
