/**
 * Lab definitions name the attendee's own identifiers through `{{variable}}` placeholders, so one
 * definition serves a single user and a room of attendees alike.
 */
export const TEMPLATE_VARIABLES = {
  attendee: 'the attendee id (a01, a02, ...; "default" without --attendees)',
  account: "the attendee's AWS account id",
  region: "the account's region",
  principal: 'ARN of the first principal of the account',
  issuer: "the account's outbound federation issuer URL",
  tenant: "the attendee's Entra tenant id",
  clientId: "the attendee's application (client) id",
  servicePrincipalId: "object id of the application's service principal (the `oid` of its tokens)",
  vaultUrl: "the attendee's Key Vault URL",
  managedIdentityClientId: "client id of the tenant's first user-assigned managed identity",
  managedIdentityPrincipalId: "principal id of that managed identity (the `oid` of its tokens)",
  rbacVault: "name of the attendee's Key Vault in Azure RBAC mode",
  issuerKeyThumbprints: "RFC 7638 thumbprints of the keys the issuer's JWKS publishes (a list)",
} as const;

export type TemplateVariable = keyof typeof TEMPLATE_VARIABLES;
/** A variable's value: a list matches any of its members. */
export type TemplateValues = Partial<Record<TemplateVariable, string | readonly string[]>>;

const PLACEHOLDER = /\{\{\s*([A-Za-z]+)\s*\}\}/g;

/** Placeholders a text uses that are not known variables. */
export function unknownVariables(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!).filter((name) => !(name in TEMPLATE_VARIABLES));
}

/**
 * Every expansion of a text: one per member when a list variable is used (at most one list per
 * text is meaningful). An unknown value leaves no expansion (the goal cannot match yet).
 */
export function expand(text: string, values: TemplateValues): string[] {
  let results = [''];
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    const literal = text.slice(last, match.index);
    const value = values[match[1] as TemplateVariable];
    if (value === undefined) return [];
    const options = typeof value === 'string' ? [value] : [...value];
    results = results.flatMap((prefix) => options.map((option) => prefix + literal + option));
    last = match.index! + match[0].length;
  }
  return results.map((prefix) => prefix + text.slice(last));
}

/** The single expansion of a text shown to people (lists joined). */
export function render(text: string, values: TemplateValues): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    const value = values[name as TemplateVariable];
    if (value === undefined) return whole;
    return typeof value === 'string' ? value : value.join(', ');
  });
}
