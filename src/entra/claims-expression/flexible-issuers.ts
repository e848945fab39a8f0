import type { ClaimsExpression } from './parser.js';

/**
 * The issuers whose tokens Entra matches against flexible federated identity credentials
 * (claimsMatchingExpression), and the claims an expression may read for each. Source:
 * MicrosoftDocs/entra-docs docs/workload-id/workload-identities-flexible-federated-identity-credentials.md
 * ("Supported issuers and claims"). Any other issuer: AADSTS7002241, unless the
 * `entra.extendedClaimsExpressions` extension is on.
 */
export interface FlexibleIssuer {
  name: string;
  /** Whole issuer URL the entry covers. */
  pattern: RegExp;
  /** Top-level claims an expression may read. */
  claims: readonly string[];
}

export const FLEXIBLE_ISSUERS: readonly FlexibleIssuer[] = [
  { name: 'GitHub Actions', pattern: /^https:\/\/token\.actions\.githubusercontent\.com$/, claims: ['sub', 'job_workflow_ref'] },
  // gitlab.com and self-managed GitLab at gitlab.<name>.com / .ca.
  { name: 'GitLab', pattern: /^https:\/\/gitlab(\.[a-z0-9-]+)?\.(com|ca)$/i, claims: ['sub'] },
  { name: 'Terraform Cloud', pattern: /^https:\/\/app(\.eu)?\.terraform\.io$/, claims: ['sub'] },
];

/** The list entry for an issuer URL (a trailing slash ignored), if Entra matches expressions for it. */
export function flexibleIssuerFor(issuer: string, extra: readonly FlexibleIssuer[] = []): FlexibleIssuer | undefined {
  const url = issuer.replace(/\/$/, '');
  return [...FLEXIBLE_ISSUERS, ...extra].find((entry) => entry.pattern.test(url));
}

/**
 * The first claim the expression reads that the issuer's expressions may not (a nested one, or one
 * off the issuer's list), written `claims['a']['b']`. Entra refuses such an expression: Graph when
 * the credential is written, the token endpoint (AADSTS700237) at the exchange.
 */
export function claimOutside(issuer: FlexibleIssuer, expression: ClaimsExpression): string | undefined {
  const outside = expression.comparisons.find((c) => c.path.length > 1 || !issuer.claims.includes(c.path[0]!));
  return outside && `claims${outside.path.map((p) => `['${p}']`).join('')}`;
}

/**
 * Why Entra refuses this expression on this issuer (fedlab's words), or undefined when it takes it:
 * the issuer must be listed and the expression read only its claims. Graph applies it on write,
 * the config at start; `entra.extendedClaimsExpressions` lifts it.
 */
export function expressionPolicyProblem(issuerUrl: string, expression: ClaimsExpression): string | undefined {
  const issuer = flexibleIssuerFor(issuerUrl);
  if (!issuer) return `expressions are evaluated only for GitHub Actions, GitLab and Terraform Cloud issuers, not ${issuerUrl}`;
  const claim = claimOutside(issuer, expression);
  return claim && `${issuer.name} expressions may read ${issuer.claims.join(', ')} only, not ${claim}`;
}
