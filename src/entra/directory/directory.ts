import type { ApplicationConfig, EntraConfig, ResourceConfig, TenantConfig } from '../config.js';
import type { ClaimsExpression } from '../claims-expression/parser.js';
import { parseFicExpression, type FederatedIdentityCredential } from './fic-rules.js';

export type Application = Omit<ApplicationConfig, 'federatedIdentityCredentials'> & { federatedIdentityCredentials: FederatedIdentityCredential[] };
export type Resource = ResourceConfig;
export interface Tenant extends Omit<TenantConfig, 'applications' | 'displayName'> {
  displayName: string;
  applications: Application[];
}

/** A resource as the request named it: v1 tokens carry that spelling in `aud`. */
export interface ResourceMatch {
  resource: Resource;
  requestedAs: string;
}

/**
 * The tenants, their applications (with their federated credentials) and resources. Mutable
 * through the handle startEntra returns, so that an admin API can add credentials later.
 */
export interface Directory {
  readonly tenants: Tenant[];
  /** By tenant GUID (any case) or verified domain. */
  tenant(segment: string): Tenant | undefined;
  application(tenant: Tenant, clientId: string): Application | undefined;
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

export function createDirectory(config: EntraConfig, issuerAliases: Record<string, string>): Directory {
  const tenants: Tenant[] = config.tenants.map((t) => ({
    ...t,
    displayName: t.displayName ?? t.domains[0] ?? t.id,
    applications: t.applications.map((a) => ({ ...a, federatedIdentityCredentials: [...a.federatedIdentityCredentials] })),
  }));
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
      return tenant.applications.find((a) => a.appId.toLowerCase() === wanted);
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
  config.tenants.forEach((tenant, ti) =>
    tenant.applications.forEach((app, ai) =>
      app.federatedIdentityCredentials.forEach((fic, fi) => {
        if (fic.issuer.startsWith('aws:') && !(ALIAS.test(fic.issuer) && issuerAliases[fic.issuer])) {
          problems.push(`entra.tenants[${ti}].applications[${ai}].federatedIdentityCredentials[${fi}].issuer: '${fic.issuer}' names no AWS account of this fedlab (expected aws:<12-digit account id> of a configured account)`);
        }
      }),
    ),
  );
  return problems;
}
