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
