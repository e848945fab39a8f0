import { z } from 'zod';
import { publicUrlSchema } from '../core/config/public-url.js';
import { derivedGuid } from './directory/derived-guid.js';
import { expressionPolicyProblem } from './claims-expression/flexible-issuers.js';
import { ficCollectionProblems, ficProblems, parseFicExpression, type FicProblem } from './directory/fic-rules.js';
import { managedIdentitySchema, roleAssignmentSchema } from './directory/managed-identity-config.js';
import { DEFAULT_TENANT_POLICY, tenantPolicySchema } from './tenant-policy/policy-config.js';

const guid = (what: string) => z.guid({ message: `expected ${what} as a GUID like 8c1f6a52-3c0e-4f2e-9d51-6f0b1d2a7e10` });
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

const ficSchema = z.strictObject({
  name: z.string(),
  /** A URL, or `aws:<account id>`: that fedlab account's issuer URL (resolved at start). */
  issuer: z.string(),
  subject: z.string().nullable().default(null),
  audiences: z.array(z.string()),
  description: z.string().nullable().optional(),
  /** Entra's flexible-FIC expression: a string, or Graph's `{ value, languageVersion: 1 }`. */
  claimsMatchingExpression: z
    .union([z.string(), z.strictObject({ value: z.string(), languageVersion: z.literal(1) })])
    .nullable()
    .default(null)
    .transform((e) => (e === null ? null : typeof e === 'string' ? { value: e, languageVersion: 1 as const } : e)),
});

const applicationSchema = z
  .strictObject({
    /** The client_id. */
    appId: guid('the application (client) id'),
    displayName: z.string().min(1).max(256),
    /**
     * Object id of the app's service principal: `oid` and `sub` of the tokens it gets. Absent: derived
     * from appId (the same GUID at every start, and saved with the directory once it changes).
     */
    servicePrincipalId: guid('the service principal object id').optional(),
    /** Graph's application object `id` (default: derived from appId, stable across starts). */
    objectId: guid('the application object id').optional(),
    /** Client secrets (the secret values) for `client_secret` on the token endpoint. */
    secrets: z.array(z.string().min(1)).default([]),
    /** Service principal ids that own the app (what Graph's Application.ReadWrite.OwnedBy allows them to manage). */
    owners: z.array(guid('the owner service principal id')).default([]),
    federatedIdentityCredentials: z.array(ficSchema).default([]),
  })
  .transform(({ servicePrincipalId, ...app }) => ({ ...app, servicePrincipalId: servicePrincipalId ?? derivedGuid('servicePrincipal', app.appId.toLowerCase()) }));

const resourceSchema = z.strictObject({
  /** What `scope=<identifierUri>/.default` names (the App ID URI). */
  identifierUri: z
    .string()
    .min(1)
    .refine((uri) => !/\s/.test(uri) && !uri.endsWith('/.default'), { message: 'expected an App ID URI like https://vault.azure.net (no spaces, no /.default)' }),
  appId: guid('the resource application id'),
  /** The resource decides the token version (api.requestedAccessTokenVersion): 1 or 2. */
  tokenVersion: z.union([z.literal(1), z.literal(2)], { message: 'expected tokenVersion 1 or 2' }).default(1),
  /** Application permissions (app role values) the resource defines. */
  appRoles: z.array(z.string().min(1).max(249)).default([]),
  /** App roles granted to client applications (what lands in `roles`). */
  grants: z.array(z.strictObject({ appId: guid('the granted application id'), roles: z.array(z.string().min(1)).default([]) })).default([]),
});

const tenantSchema = z.strictObject({
  id: guid('the tenant id'),
  /** Shown where Entra names the directory (AADSTS700016, 500011). Default: the first domain. */
  displayName: z.string().min(1).optional(),
  /** Verified domain names: `/{domain}/...` resolves to this tenant too. */
  domains: z.array(z.string().regex(DOMAIN, 'expected a domain name like fedlab.onmicrosoft.com')).default([]),
  applications: z.array(applicationSchema).default([]),
  resources: z.array(resourceSchema).default([]),
  /** Workload identity federation switches and Conditional Access for the tenant's service principals. */
  tenantPolicy: tenantPolicySchema.default(DEFAULT_TENANT_POLICY),
  /** User-assigned managed identities: credential parents without an application, managed through ARM. */
  managedIdentities: z.array(managedIdentitySchema).default([]),
  /** Azure role assignments of the tenant's subscriptions (what ARM and RBAC vaults authorize with). */
  roleAssignments: z.array(roleAssignmentSchema).default([]),
});

const externalIssuersSchema = z.strictObject({
  /** How long a fetched JWKS is used before it is fetched again. */
  cacheMaxAgeSeconds: z.number().int().min(0).max(86400).default(600),
  /** Minimum time between two fetches for one issuer (also on an unknown kid). */
  cooldownSeconds: z.number().int().min(0).max(3600).default(30),
  timeoutMs: z.number().int().min(100).max(60_000).default(5000),
  /**
   * Loopback issuers a credential written at run time (Graph) may name, as URLs or origins. fedlab's
   * own issuers and the issuers of credentials in the configuration need no entry; any other
   * loopback origin is never fetched (another local service is no issuer).
   */
  loopbackIssuers: z.array(z.url({ protocol: /^https?$/ })).default([]),
  /**
   * Origins, besides the issuer's own, that a discovery document's `jwks_uri` may name (Google's
   * `https://accounts.google.com` publishes its keys on `https://www.googleapis.com`).
   */
  jwksOrigins: z.array(z.url({ protocol: /^https?$/ })).default([]),
});

export const DEFAULT_EXTERNAL_ISSUERS = { cacheMaxAgeSeconds: 600, cooldownSeconds: 30, timeoutMs: 5000, loopbackIssuers: [], jwksOrigins: [] };

function addProblems(ctx: z.RefinementCtx, base: (string | number)[], problems: FicProblem[]): void {
  for (const p of problems) ctx.addIssue({ code: 'custom', path: [...base, ...p.path], message: p.message });
}

function unique<T>(ctx: z.RefinementCtx, items: readonly T[], key: (item: T) => string, path: (i: number) => (string | number)[], what: string): void {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const k = key(item).toLowerCase();
    if (seen.has(k)) ctx.addIssue({ code: 'custom', path: path(i), message: `duplicate ${what} '${key(item)}' (also at index ${seen.get(k)})` });
    else seen.set(k, i);
  });
}

export const entraConfigSchema = z
  .strictObject({
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(4581),
    /** Behind a load balancer: the authority host clients use; issued tokens' `iss` and the discovery documents start with it. https, as MSAL requires. */
    publicUrl: publicUrlSchema({ httpsOnly: true }).optional(),
    /** Only what real Entra accepts: no RFC 8693 grant, no http issuers, RS256 only, no nested claims. */
    strict: z.boolean().default(false),
    /**
     * Extension (off by default, refused with strict): flexible credentials on any issuer (AWS
     * included) and expressions reading any claim, nested ones too (`claims['a']['b']`). Off,
     * expressions work as in Entra: listed issuers only (claims-expression/flexible-issuers.ts).
     */
    extendedClaimsExpressions: z.boolean().default(false),
    /** `expires_in` of issued tokens (real Entra picks 60-90 minutes at random). */
    accessTokenLifetimeSeconds: z.number().int().min(300).max(86400).default(3599),
    /** How long a federated credential created at runtime (Graph API) answers AADSTS70021 before it works. */
    ficPropagationSeconds: z.number().int().min(0).max(3600).default(0),
    /** Tolerance on the assertion's nbf and exp. */
    clockSkewSeconds: z.number().int().min(0).max(3600).default(300),
    /** Extra Host names the listener answers as itself (e.g. a DNS alias). */
    hostnames: z.array(z.string().min(1)).default([]),
    externalIssuers: externalIssuersSchema.default(DEFAULT_EXTERNAL_ISSUERS),
    /** `single` (default): aud a string or a one-element array; `any-element`: an array matches when one element is the credential's audience. */
    audiencePolicy: z.enum(['single', 'any-element']).default('single'),
    /** Single use of assertions by (iss, jti); off by default, as in real Entra. */
    replayCache: z.strictObject({ enabled: z.boolean().default(false), maxEntries: z.number().int().min(1).max(1_000_000).default(10_000) }).default({ enabled: false, maxEntries: 10_000 }),
    /** Token-endpoint requests per client_id (else per remote address) per window; over it: 429 + Retry-After. Absent: no limit. */
    rateLimit: z.strictObject({ requests: z.number().int().min(1), windowSeconds: z.number().int().min(1).max(3600).default(60) }).optional(),
    /**
     * Applications a tenant may hold (each comes with its service principal). Entra's default directory
     * quota is 50,000 objects; over it Graph answers 400 Directory_QuotaExceeded. Bounds Graph's memory.
     */
    maxApplicationsPerTenant: z.number().int().min(1).max(1_000_000).default(25_000),
    tenants: z.array(tenantSchema).min(1, 'at least one tenant is needed'),
  })
  .superRefine((entra, ctx) => {
    if (entra.strict && entra.extendedClaimsExpressions) {
      ctx.addIssue({ code: 'custom', path: ['extendedClaimsExpressions'], message: 'extendedClaimsExpressions is a fedlab extension; strict: true allows none' });
    }
    unique(ctx, entra.tenants, (t) => t.id, (i) => ['tenants', i, 'id'], 'tenant id');
    const domains = entra.tenants.flatMap((t, ti) => t.domains.map((d, di) => ({ d, path: ['tenants', ti, 'domains', di] })));
    unique(ctx, domains, (x) => x.d, (i) => domains[i]!.path, 'domain');
    entra.tenants.forEach((tenant, ti) => {
      const at = (...rest: (string | number)[]) => ['tenants', ti, ...rest];
      unique(ctx, tenant.applications, (a) => a.appId, (i) => at('applications', i, 'appId'), 'appId');
      unique(ctx, tenant.applications, (a) => a.servicePrincipalId, (i) => at('applications', i, 'servicePrincipalId'), 'servicePrincipalId');
      const objectIds = tenant.applications.flatMap((a, i) => (a.objectId ? [{ id: a.objectId, i }] : []));
      unique(ctx, objectIds, (x) => x.id, (k) => at('applications', objectIds[k]!.i, 'objectId'), 'objectId');
      unique(ctx, tenant.resources, (r) => r.identifierUri.replace(/\/$/, ''), (i) => at('resources', i, 'identifierUri'), 'identifierUri');
      unique(ctx, tenant.resources, (r) => r.appId, (i) => at('resources', i, 'appId'), 'resource appId');
      const clients = [...tenant.applications.map((a) => a.appId), ...tenant.managedIdentities.map((m) => m.clientId)];
      unique(ctx, clients, (c) => c, (i) => (i < tenant.applications.length ? at('applications', i, 'appId') : at('managedIdentities', i - tenant.applications.length, 'clientId')), 'client id');
      unique(ctx, tenant.managedIdentities, (m) => m.resourceId, (i) => at('managedIdentities', i, 'name'), 'managed identity');
      tenant.applications.forEach((app, ai) => {
        app.federatedIdentityCredentials.forEach((fic, fi) => {
          const path = at('applications', ai, 'federatedIdentityCredentials', fi);
          const own = ficProblems(fic, { allowNestedClaims: entra.extendedClaimsExpressions });
          addProblems(ctx, path, own);
          // Graph would have refused to create it (graph/credential-rules.ts), so a config cannot hold it either.
          const expression = fic.claimsMatchingExpression && !entra.extendedClaimsExpressions && own.length === 0 ? parseFicExpression(fic.claimsMatchingExpression.value).expression : undefined;
          const problem = expression && expressionPolicyProblem(fic.issuer, expression);
          if (problem) ctx.addIssue({ code: 'custom', path: [...path, 'claimsMatchingExpression'], message: `${problem}: Entra refuses such a credential (set entra.extendedClaimsExpressions: true, a fedlab extension)` });
        });
        addProblems(ctx, at('applications', ai, 'federatedIdentityCredentials'), ficCollectionProblems(app.federatedIdentityCredentials));
      });
      tenant.resources.forEach((resource, ri) => {
        resource.grants.forEach((grant, gi) => {
          if (!tenant.applications.some((a) => a.appId.toLowerCase() === grant.appId.toLowerCase())) {
            ctx.addIssue({ code: 'custom', path: at('resources', ri, 'grants', gi, 'appId'), message: `no application ${grant.appId} in tenant ${tenant.id}` });
          }
          grant.roles.forEach((role, i) => {
            if (!resource.appRoles.includes(role)) {
              ctx.addIssue({ code: 'custom', path: at('resources', ri, 'grants', gi, 'roles', i), message: `role '${role}' is not among the resource's appRoles` });
            }
          });
        });
      });
    });
  });

export type EntraConfig = z.output<typeof entraConfigSchema>;
export type EntraConfigInput = z.input<typeof entraConfigSchema>;
export type TenantConfig = EntraConfig['tenants'][number];
export type ApplicationConfig = TenantConfig['applications'][number];
export type ResourceConfig = TenantConfig['resources'][number];
export type ManagedIdentityConfig = TenantConfig['managedIdentities'][number];
