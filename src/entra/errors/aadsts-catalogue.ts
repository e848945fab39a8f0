/**
 * The AADSTS codes fedlab's Entra answers with: OAuth `error`, HTTP status and message template
 * (`{name}` placeholders). Wording follows real Entra responses where they were observed; the
 * source and confidence of every entry is in docs/deviations-entra.md, "Error messages: confidence"
 * (test/entra/aadsts-catalogue.test.ts keeps that table and this catalogue in step).
 */
export interface AadstsEntry {
  error: string;
  status: number;
  template: string;
}

const FIC_DOCS = 'https://learn.microsoft.com/entra/workload-id/workload-identity-federation';
/** The older link some FIC messages still carried in the newest responses found (70021, 700211, 700212). */
const LEGACY_FIC_DOCS = 'https://docs.microsoft.com/en-us/azure/active-directory/develop/workload-identity-federation';

export const AADSTS = {
  50027: { error: 'invalid_request', status: 400, template: 'JWT token is invalid or malformed.' },
  50049: { error: 'invalid_instance', status: 400, template: 'Unknown or invalid instance.' },
  50166: { error: 'invalid_request', status: 400, template: 'Request to External OIDC endpoint failed.' },
  70003: { error: 'unsupported_grant_type', status: 400, template: "The app requested an unsupported grant type '{grantType}'." },
  70011: { error: 'invalid_scope', status: 400, template: "The provided value for the input parameter 'scope' is not valid. The scope {scope} is not valid." },
  // The generic mismatch, still what Entra answers while a new credential propagates (workload-identity-federation-considerations).
  // Text, link, invalid_client and 401 as a real body of 2023-10-13 shows them (external-secrets/external-secrets#2783).
  70021: {
    error: 'invalid_client',
    status: 401,
    template: `No matching federated identity record found for presented assertion. Assertion Issuer: '{iss}'. Assertion Subject: '{sub}'. Assertion Audience: '{aud}'. ${LEGACY_FIC_DOCS}`,
  },
  70023: {
    error: 'invalid_client',
    status: 401,
    template: 'External OIDC Provider token must have a lifetime of less than or equal to 1.01:00:00. Token issued at {iat}. Token expires on {exp}.',
  },
  90002: {
    error: 'invalid_request',
    status: 400,
    template:
      "Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.",
  },
  500011: {
    error: 'invalid_resource',
    status: 400,
    template:
      'The resource principal named {resource} was not found in the tenant named {tenant}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.',
  },
  700016: {
    error: 'unauthorized_client',
    status: 400,
    template:
      "Application with identifier '{clientId}' was not found in the directory '{tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.",
  },
  // As observed (AzureAD/microsoft-authentication-library-for-js#523); the error-code reference paraphrases it ("isn't valid").
  700022: { error: 'invalid_scope', status: 400, template: 'Provided value for the input parameter scope is not valid because it contains more than one resource. Scope {scope} is not valid.' },
  700024: {
    error: 'invalid_client',
    status: 401,
    template:
      'Client assertion is not within its valid time range. Current time: {now}, assertion valid from {nbf}, expiry time of assertion {exp}. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .',
  },
  700027: { error: 'invalid_client', status: 401, template: 'Client assertion failed signature validation.' },
  700038: { error: 'unauthorized_client', status: 400, template: '{clientId} is not a valid application identifier.' },
  // Full text as real 401 bodies of 2023-12 and 2024-03 show it (Azure/azure-workload-identity#1200), with their link.
  700211: {
    error: 'invalid_client',
    status: 401,
    template: `No matching federated identity record found for presented assertion issuer '{iss}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. ${LEGACY_FIC_DOCS}`,
  },
  // Full text as a real 401 body of 2024-04-16 shows it (fidelity-2026-12 #17); the link is the one that body carries.
  700212: {
    error: 'invalid_client',
    status: 401,
    template: `No matching federated identity record found for presented assertion audience '{aud}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. ${LEGACY_FIC_DOCS}`,
  },
  700213: {
    error: 'invalid_client',
    status: 401,
    template: `No matching federated identity record found for presented assertion subject '{sub}'. Check your federated identity credential Subject, Audience and Issuer against the presented assertion. ${FIC_DOCS}`,
  },
  7002138: {
    error: 'invalid_client',
    status: 401,
    template: `No matching federated identity record found for presented assertion subject '{sub}'. The subject matches with case-insensitive comparison, but not with case-sensitive comparison. Check your federated identity credential Subject, Audience and Issuer against the presented assertion. See documentation at: ${FIC_DOCS}. See breaking change notification and remediation at: https://learn.microsoft.com/en-us/entra/identity-platform/reference-breaking-changes#august-2024.`,
  },
  // Flexible credentials (claimsMatchingExpression). Codes from a third-party KB quoting Microsoft's
  // internal notes [U]. 7002241's wording is that quote's; 7002131 and 700237 begin as the quote
  // does (the KB cuts both short) and go on in fedlab's words.
  7002131: {
    error: 'invalid_client',
    status: 401,
    template: `No matching federated identity record found for presented assertion subject '{sub}'. The claims matching expression of the federated identity credential does not match the presented assertion. Check your federated identity credential against the presented assertion. ${FIC_DOCS}`,
  },
  7002241: { error: 'invalid_client', status: 401, template: "Issuer '{iss}' may not use credentials matching via expression." },
  700237: {
    error: 'invalid_client',
    status: 401,
    template: "Federated Identity Credential expression not allowed. The claims matching expression reads claim {claim}, which issuer '{iss}' does not support in expressions.",
  },
  // Tenant policy (src/entra/tenant-policy/). 7000112 as real responses print it, 2019–2024 (with "is";
  // Microsoft's troubleshooting article drops it) and with unauthorized_client (Worklytics/psoxy#74); 400 is [U].
  7000112: { error: 'unauthorized_client', status: 400, template: "Application '{appId}'({appName}) is disabled." },
  // Azure DevOps' troubleshooting page says what the codes mean (700223: federation disabled or constrained
  // in the tenant; 700238: the issuer not allowed) but not their text: the wording, error and status are fedlab's [U].
  700223: { error: 'invalid_client', status: 401, template: "Workload identity federation is disabled in tenant '{tenant}': federated identity credentials may not be used." },
  700238: { error: 'invalid_client', status: 401, template: "Federated identity credentials from issuer '{iss}' are blocked by a policy of tenant '{tenant}'." },
  // As a client-credentials refusal in Microsoft's Azure SDK for C++ docs shows it (credential-chains.md):
  // 400 invalid_grant, with suberror message_only and a claims challenge naming the policies (capolids).
  53003: { error: 'invalid_grant', status: 400, template: 'Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.' },
  700222: { error: 'invalid_client', status: 401, template: 'AAD-issued tokens may not be used for federated identity flows.' },
  // Injected by /_fedlab faults (throttle, unavailable); real Entra's wording for these is not documented [U].
  90033: { error: 'temporarily_unavailable', status: 503, template: 'A transient error has occurred. Please try again.' },
  90055: { error: 'temporarily_unavailable', status: 429, template: 'There are too many incoming requests. Please try again later.' },
  900023: { error: 'invalid_request', status: 400, template: "Specified tenant identifier '{tenant}' is neither a valid DNS name, nor a valid external domain." },
  900144: { error: 'invalid_request', status: 400, template: "The request body must contain the following parameter: '{name}'." },
  900561: { error: 'invalid_request', status: 400, template: 'The endpoint only accepts POST, OPTIONS requests. Received a {method} request.' },
  1002012: {
    error: 'invalid_scope',
    status: 400,
    template: 'The provided value for scope {scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).',
  },
  7000215: {
    error: 'invalid_client',
    status: 401,
    template: "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{clientId}'.",
  },
  7000218: { error: 'invalid_client', status: 401, template: "The request body must contain the following parameter: 'client_assertion' or 'client_secret'." },
  7000272: {
    error: 'invalid_client',
    status: 401,
    template:
      "The certificate with identifier {kid} used to sign the federated credential could not be found in the metadata of identity provider {iss}. Please validate that your Identity Provider's metadata exposes the key used to sign the incoming token.",
  },
  9000411: { error: 'invalid_request', status: 400, template: "The request is not properly formatted. The parameter '{name}' is duplicated." },
  9002313: { error: 'invalid_request', status: 400, template: 'Invalid request. Request is malformed or invalid.' },
} as const satisfies Record<number, AadstsEntry>;

export type AadstsCode = keyof typeof AADSTS;

/** The message with its placeholders filled; a missing value is a bug in the caller. */
export function aadstsMessage(code: AadstsCode, values: Record<string, string | number> = {}): string {
  return AADSTS[code].template.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`AADSTS${code} needs a value for {${name}}`);
    return String(values[name]);
  });
}
