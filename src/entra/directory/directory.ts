import type { ApplicationConfig, EntraConfig, ManagedIdentityConfig, ResourceConfig, TenantConfig } from '../config.js';
import type { ClaimsExpression } from '../claims-expression/parser.js';
import { derivedGuid } from './derived-guid.js';
import type { SavedDirectory } from './directory-state.js';
import { parseFicExpression, type FederatedIdentityCredential } from './fic-rules.js';

/** A credential as the directory holds it: Graph's `id`, and when it starts to work. */
export interface DirectoryFic extends FederatedIdentityCredential {
  id: string;
  /** Created at runtime with a propagation delay: not usable before this instant (party clock, ms). */
  availableFromMs?: number;
}

export type Application = Omit<ApplicationConfig, 'federatedIdentityCredentials' | 'objectId'> & {
  /** Graph's application object `id`. */
  objectId: string;
  federatedIdentityCredentials: DirectoryFic[];
};
export type Resource = ResourceConfig;
/** A user-assigned managed identity: a service principal with no application object, managed through ARM. */
export type ManagedIdentity = Omit<ManagedIdentityConfig, 'federatedIdentityCredentials'> & { federatedIdentityCredentials: DirectoryFic[] };
export interface Tenant extends Omit<TenantConfig, 'applications' | 'displayName' | 'managedIdentities'> {
  displayName: string;
  applications: Application[];
  managedIdentities: ManagedIdentity[];
  /** Object ids deleted at runtime (kept so that a configured application stays deleted after a restart). */
  deletedObjectIds: Set<string>;
}

/** A resource as the request named it: v1 tokens carry that spelling in `aud`. */
export interface ResourceMatch {
  resource: Resource;
  requestedAs: string;
}

/**
 * The tenants, their applications (with their federated credentials) and resources. Changed at
 * runtime only through the methods below, which hand every change to `persist`.
 */
export interface Directory {
  readonly tenants: Tenant[];
  /** By tenant GUID (any case) or verified domain. */
  tenant(segment: string): Tenant | undefined;
  /** An application, or a managed identity seen as one (its clientId, its principal's object id). */
  application(tenant: Tenant, clientId: string): Application | undefined;
  /** Adds or replaces (by resource id) a managed identity (already validated by the caller). */
  putManagedIdentity(tenant: Tenant, identity: ManagedIdentity): void;
  removeManagedIdentity(tenant: Tenant, identity: ManagedIdentity): void;
  applicationByObjectId(tenant: Tenant, objectId: string): Application | undefined;
  addApplication(tenant: Tenant, app: Application): void;
  removeApplication(tenant: Tenant, app: Application): void;
  /** Replaces the application's credentials (already validated by the caller). */
  setCredentials(tenant: Tenant, app: Application, credentials: DirectoryFic[]): void;
  /** Takes the directory another replica saved (Graph changes there). */
  reload(saved: SavedDirectory | undefined): void;
  /** By App ID URI (a trailing slash is not significant) or by the resource's appId. */
  resource(tenant: Tenant, identifier: string): ResourceMatch | undefined;
  /** The issuer URL a credential trusts: `aws:<account>` aliases resolved, URLs as written. */
  issuerOf(fic: FederatedIdentityCredential): string | undefined;
  /** Parsed once per distinct expression text. */
  expressionOf(fic: FederatedIdentityCredential): ClaimsExpression | undefined;
}

const ALIAS = /^aws:\d{12}$/;

/** What a tenant path segment may look like at all (GUID or DNS name); anything else is AADSTS900023. */
export const TENANT_SEGMENT = /^[0-9a-zA-Z.-]+$/;

/** A configured application as the directory holds it: object ids derived when the config has none. */
function fromConfig(app: ApplicationConfig): Application {
  const objectId = app.objectId ?? derivedGuid('application', app.appId.toLowerCase());
  return {
    ...app,
    objectId,
    federatedIdentityCredentials: app.federatedIdentityCredentials.map((fic) => ({ ...fic, id: derivedGuid('federatedIdentityCredential', objectId, fic.name.toLowerCase()) })),
  };
}

/** A configured managed identity as the directory holds it: credential ids derived from its resource id. */
export function identityFromConfig(mi: ManagedIdentityConfig): ManagedIdentity {
  return { ...mi, federatedIdentityCredentials: mi.federatedIdentityCredentials.map((fic) => ({ ...fic, description: null, claimsMatchingExpression: null, id: derivedGuid('federatedIdentityCredential', mi.resourceId.toLowerCase(), fic.name.toLowerCase()) })) };
}

/** What the token endpoint checks a managed identity as: it has no secrets, owners or application object. */
function identityAsApplication(mi: ManagedIdentity): Application {
  return { appId: mi.clientId, displayName: mi.name, servicePrincipalId: mi.principalId, objectId: mi.principalId, secrets: [], owners: [], federatedIdentityCredentials: mi.federatedIdentityCredentials };
}

/** The saved applications, plus configured ones the saved state neither holds nor deleted. */
function applicationsOf(tenant: TenantConfig, saved: SavedDirectory | undefined): { applications: Application[]; deletedObjectIds: Set<string> } {
  const configured = tenant.applications.map(fromConfig);
  const state = saved?.tenants[tenant.id];
  if (!state) return { applications: configured, deletedObjectIds: new Set() };
  const deleted = new Set(state.deletedObjectIds);
  const held = new Set(state.applications.map((a) => a.objectId));
  return { applications: [...(state.applications as Application[]), ...configured.filter((a) => !held.has(a.objectId) && !deleted.has(a.objectId))], deletedObjectIds: deleted };
}

export interface DirectoryOptions {
  /** Runtime changes from an earlier run (state dir). */
  saved?: SavedDirectory;
  /** Called after every change with the whole directory. */
  persist?: (tenants: readonly Tenant[]) => void;
}

export function createDirectory(config: EntraConfig, issuerAliases: Record<string, string>, options: DirectoryOptions = {}): Directory {
  const tenants: Tenant[] = config.tenants.map((t) => ({
    ...t,
    displayName: t.displayName ?? t.domains[0] ?? t.id,
    ...applicationsOf(t, options.saved),
    // Saved managed identities replace the configured ones (ARM changes from an earlier run).
    managedIdentities: (options.saved?.tenants[t.id]?.managedIdentities as ManagedIdentity[] | undefined) ?? t.managedIdentities.map(identityFromConfig),
  }));
  const changed = () => options.persist?.(tenants);
  const expressions = new Map<string, ClaimsExpression | undefined>();
  const trimSlash = (s: string) => s.replace(/\/$/, '');
  return {
    tenants,
    tenant(segment) {
      const wanted = segment.toLowerCase();
      return tenants.find((t) => t.id.toLowerCase() === wanted || t.domains.some((d) => d.toLowerCase() === wanted));
    },
    application(tenant, clientId) {
      const wanted = clientId.toLowerCase();
      const app = tenant.applications.find((a) => a.appId.toLowerCase() === wanted);
      if (app) return app;
      const identity = tenant.managedIdentities.find((m) => m.clientId.toLowerCase() === wanted);
      return identity && identityAsApplication(identity);
    },
    putManagedIdentity(tenant, identity) {
      const key = identity.resourceId.toLowerCase();
      tenant.managedIdentities = [...tenant.managedIdentities.filter((m) => m.resourceId.toLowerCase() !== key), identity];
      changed();
    },
    removeManagedIdentity(tenant, identity) {
      tenant.managedIdentities = tenant.managedIdentities.filter((m) => m !== identity);
      changed();
    },
    applicationByObjectId(tenant, objectId) {
      const wanted = objectId.toLowerCase();
      return tenant.applications.find((a) => a.objectId.toLowerCase() === wanted);
    },
    reload(saved) {
      for (const tenant of tenants) {
        const configured = config.tenants.find((t) => t.id === tenant.id)!;
        Object.assign(tenant, applicationsOf(configured, saved));
        // ARM changes made on another replica.
        tenant.managedIdentities = (saved?.tenants[tenant.id]?.managedIdentities as ManagedIdentity[] | undefined) ?? configured.managedIdentities.map(identityFromConfig);
      }
    },
    addApplication(tenant, app) {
      tenant.applications.push(app);
      changed();
    },
    removeApplication(tenant, app) {
      tenant.applications = tenant.applications.filter((a) => a !== app);
      tenant.deletedObjectIds.add(app.objectId);
      changed();
    },
    setCredentials(_tenant, app, credentials) {
      app.federatedIdentityCredentials = credentials;
      changed();
    },
    resource(tenant, identifier) {
      const resource =
        tenant.resources.find((r) => trimSlash(r.identifierUri) === trimSlash(identifier)) ??
        tenant.resources.find((r) => r.appId.toLowerCase() === identifier.toLowerCase());
      return resource ? { resource, requestedAs: identifier } : undefined;
    },
    issuerOf(fic) {
      return ALIAS.test(fic.issuer) ? issuerAliases[fic.issuer] : fic.issuer;
    },
    expressionOf(fic) {
      const text = fic.claimsMatchingExpression?.value;
      if (text === undefined) return undefined;
      if (!expressions.has(text)) expressions.set(text, parseFicExpression(text).expression);
      return expressions.get(text);
    },
  };
}

/** `aws:<account>` issuers that name no account of this fedlab: a start-up error, with paths. */
export function unresolvedAliases(config: EntraConfig, issuerAliases: Record<string, string>): string[] {
  const problems: string[] = [];
  const check = (issuer: string, path: string) => {
    if (issuer.startsWith('aws:') && !(ALIAS.test(issuer) && issuerAliases[issuer])) {
      problems.push(`${path}.issuer: '${issuer}' names no AWS account of this fedlab (expected aws:<12-digit account id> of a configured account)`);
    }
  };
  config.tenants.forEach((tenant, ti) => {
    tenant.applications.forEach((app, ai) => app.federatedIdentityCredentials.forEach((fic, fi) => check(fic.issuer, `entra.tenants[${ti}].applications[${ai}].federatedIdentityCredentials[${fi}]`)));
    tenant.managedIdentities.forEach((mi, mi_) => mi.federatedIdentityCredentials.forEach((fic, fi) => check(fic.issuer, `entra.tenants[${ti}].managedIdentities[${mi_}].federatedIdentityCredentials[${fi}]`)));
  });
  return problems;
}
