import type { Request, Response } from 'express';
import { ControlError } from '../../core/control/control-error.js';
import { userAssignedIdentityId } from '../../core/arm-resource-names.js';
import { identityFromConfig, type ManagedIdentity, type Tenant } from '../directory/directory.js';
import { managedIdentitySchema } from '../directory/managed-identity-config.js';
import { appIdTaken } from '../graph/reserved-app-ids.js';
import type { EntraRuntime } from '../runtime.js';

/** A managed identity as the ARM party reads and writes it (no Graph ids: ARM's credentials have none). */
export interface ManagedIdentityDocument {
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  clientId: string;
  principalId: string;
  resourceId: string;
  tags: Record<string, string>;
  federatedIdentityCredentials: { name: string; issuer: string; subject: string; audiences: string[] }[];
}

function documentOf(mi: ManagedIdentity): ManagedIdentityDocument {
  const { name, subscriptionId, resourceGroup, location, clientId, principalId, resourceId, tags } = mi;
  const federatedIdentityCredentials = mi.federatedIdentityCredentials.map((f) => ({ name: f.name, issuer: f.issuer, subject: f.subject ?? '', audiences: [...f.audiences] }));
  return { name, subscriptionId, resourceGroup, location, clientId, principalId, resourceId, tags, federatedIdentityCredentials };
}

/**
 * `/_fedlab/managed-identities/<tenant>[/<subscription>/<resource group>/<name>]`: the ARM party's
 * way into the directory (parties meet only over HTTP). GET lists or reads; PUT (location, tags,
 * clientId, principalId, federatedIdentityCredentials, checked as the configuration is) creates or
 * replaces; DELETE removes. The identity's client id works at the token endpoint from then on.
 */
export function managedIdentityRoutes(runtime: EntraRuntime) {
  const { directory } = runtime;
  const tenantOf = (req: Request): Tenant => {
    const tenant = directory.tenant(String(req.params.tenant));
    if (!tenant) throw new ControlError(404, 'TenantNotFound', `no tenant '${String(req.params.tenant)}' in this fedlab (tenant id or verified domain)`);
    return tenant;
  };
  const idOf = (req: Request) => userAssignedIdentityId(String(req.params.subscriptionId), String(req.params.resourceGroup), String(req.params.name)).toLowerCase();
  const find = (tenant: Tenant, req: Request) => tenant.managedIdentities.find((m) => m.resourceId.toLowerCase() === idOf(req));
  const changed = (tenant: Tenant, change: 'put' | 'removed', mi: ManagedIdentity) => {
    runtime.ctx.events.publish({ party: 'entra', type: 'managed-identity-changed', tenant: tenant.id, change, resourceId: mi.resourceId, clientId: mi.clientId, principalId: mi.principalId, federatedIdentityCredentials: mi.federatedIdentityCredentials.length });
    runtime.ctx.logger.info({ tenant: tenant.id, change, resourceId: mi.resourceId }, 'managed identity changed');
  };
  return {
    list(req: Request, res: Response): void {
      res.json({ value: tenantOf(req).managedIdentities.map(documentOf) });
    },
    get(req: Request, res: Response): void {
      const mi = find(tenantOf(req), req);
      if (!mi) throw new ControlError(404, 'ManagedIdentityNotFound', `no managed identity ${idOf(req)}`);
      res.json(documentOf(mi));
    },
    put(req: Request, res: Response): void {
      const tenant = tenantOf(req);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const parsed = managedIdentitySchema.safeParse({ ...body, name: req.params.name, subscriptionId: req.params.subscriptionId, resourceGroup: req.params.resourceGroup });
      if (!parsed.success) {
        const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
        throw new ControlError(400, 'InvalidManagedIdentity', `invalid managed identity: ${problems.join('; ')}`);
      }
      const existing = find(tenant, req);
      if (existing && existing.clientId.toLowerCase() !== parsed.data.clientId.toLowerCase()) throw new ControlError(409, 'ClientIdImmutable', `the client id of ${existing.resourceId} is ${existing.clientId}; it cannot change`);
      const taken = existing ? undefined : appIdTaken(directory, parsed.data.clientId);
      if (taken) throw new ControlError(409, 'ClientIdTaken', `client id ${parsed.data.clientId} cannot be used: ${taken}`);
      const identity = identityFromConfig(parsed.data);
      directory.putManagedIdentity(tenant, identity);
      changed(tenant, 'put', identity);
      res.status(existing ? 200 : 201).json(documentOf(identity));
    },
    remove(req: Request, res: Response): void {
      const tenant = tenantOf(req);
      const mi = find(tenant, req);
      if (!mi) throw new ControlError(404, 'ManagedIdentityNotFound', `no managed identity ${idOf(req)}`);
      directory.removeManagedIdentity(tenant, mi);
      changed(tenant, 'removed', mi);
      res.status(204).end();
    },
  };
}
