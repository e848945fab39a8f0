import express, { type Express, type Request, type Response, type Router } from 'express';
import type { PartyContext } from '../core/party-context.js';
import { healthHandler, securityHeaders } from '../core/http/common-middleware.js';
import { createPermissionGate } from './auth/access-policy.js';
import { authenticate } from './auth/authenticate.js';
import { createRbacGate } from './auth/rbac.js';
import { createVaultRoleAssignments, type VaultRoleAssignments } from './auth/role-assignments.js';
import type { TenantKeys } from '../core/jwt/entra-tenant-keys.js';
import type { VaultConfig } from './config.js';
import { deleteSecret } from './actions/delete-secret.js';
import { getDeletedSecret } from './actions/get-deleted-secret.js';
import { getSecret } from './actions/get-secret.js';
import { listDeletedSecrets } from './actions/list-deleted-secrets.js';
import { listSecretVersions } from './actions/list-secret-versions.js';
import { listSecrets } from './actions/list-secrets.js';
import { purgeDeletedSecret } from './actions/purge-deleted-secret.js';
import { recoverDeletedSecret } from './actions/recover-deleted-secret.js';
import { setSecret } from './actions/set-secret.js';
import { updateSecret } from './actions/update-secret.js';
import { requireApiVersion } from './http/api-version.js';
import { finalErrorHandler, unknownOperation } from './http/final-handlers.js';
import { createReject, type Reject } from './http/rejection.js';
import { KeyVaultError } from './errors.js';
import { READ_METHODS, storeLost } from '../core/shared/store-gate.js';
import { serviceHeaders } from './http/service-headers.js';
import { vaultEvents } from './http/vault-events.js';
import type { BundleContext } from './secrets/secret-bundle.js';
import type { SecretStore } from './secrets/secret-store.js';

export interface VaultAppOptions {
  config: VaultConfig;
  ctx: Pick<PartyContext, 'events' | 'logger' | 'clock' | 'sharedStore'>;
  secrets: SecretStore;
  /** Ids carry the vault URL the request was sent to (see VaultDeps.realHostnames). */
  siteFor: (host: string | undefined) => BundleContext;
  keys: TenantKeys;
  /** The WWW-Authenticate challenge naming the Entra authority and tenant, for the Host the client reached. */
  challenge: (host: string | undefined) => string;
  /** `/_fedlab/*` runtime control, mounted ahead of the vault's bearer-token checks. */
  control?: Router;
  /** With `authorization: rbac`: the vault tenant's role assignments (configured, and added through `/_fedlab/role-assignments`). */
  roleAssignments?: VaultRoleAssignments;
}

/**
 * With replicas, a secret written while their store is lost would stay on this one: 503 until it is
 * back. Key Vault's code for a temporary outage; the message is fedlab's (docs/deviations-vault.md).
 */
function refuseWritesWhileStoreLost(ctx: VaultAppOptions['ctx'], reject: Reject) {
  return (req: Request, res: Response, next: () => void): void => {
    const lost = READ_METHODS.has(req.method) ? undefined : storeLost(ctx.sharedStore, ctx.events, `${req.method} ${req.path}`);
    if (!lost) return next();
    res.setHeader('Retry-After', String(lost.retryAfterSeconds));
    reject(req, res, new KeyVaultError(503, 'ServiceUnavailable', 'The service is temporarily unavailable. Retry the request after the time in the Retry-After header.'), 'shared-store-reachable', { detail: lost.message });
  };
}

/**
 * The Key Vault secrets data plane. Every request goes: token checks (401 + challenge) →
 * api-version → body → the operation's access-policy permission or RBAC data action (403) → the operation.
 */
export function createVaultApp({ config, ctx, secrets, siteFor, keys, challenge, control, roleAssignments = createVaultRoleAssignments([]) }: VaultAppOptions): Express {
  const events = vaultEvents(ctx.events, config);
  const reject = createReject(events, ctx.logger);
  const allow = config.authorization === 'rbac' ? createRbacGate({ vault: config, assignments: roleAssignments.list, reject }) : createPermissionGate({ vault: config, reject });
  const deps = { secrets, siteFor: (req: Request) => siteFor(req.headers.host), events };

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(securityHeaders, serviceHeaders(config.location));
  app.get('/health', healthHandler('vault'));
  if (control) app.use('/_fedlab', control);

  app.use(authenticate({ tenant: config.tenant, keys, clock: ctx.clock, challenge, reject }));
  app.use(requireApiVersion(reject));
  app.use(express.json({ limit: '256kb' }));
  app.use(refuseWritesWhileStoreLost(ctx, reject));

  app.get('/secrets', allow('list'), listSecrets(deps));
  app.get('/secrets/:name/versions', allow('list'), listSecretVersions(deps));
  app.get(['/secrets/:name', '/secrets/:name/:version'], allow('get'), getSecret(deps));
  app.put('/secrets/:name', allow('set'), setSecret(deps));
  app.patch(['/secrets/:name', '/secrets/:name/:version'], allow('set'), updateSecret(deps));
  app.delete('/secrets/:name', allow('delete'), deleteSecret(deps));
  app.get('/deletedsecrets', allow('list'), listDeletedSecrets(deps));
  app.get('/deletedsecrets/:name', allow('get'), getDeletedSecret(deps));
  app.delete('/deletedsecrets/:name', allow('purge'), purgeDeletedSecret(deps));
  app.post('/deletedsecrets/:name/recover', allow('recover'), recoverDeletedSecret(deps));

  app.use(unknownOperation);
  app.use(finalErrorHandler(ctx.logger));
  return app;
}
