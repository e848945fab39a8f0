import type { DemoInputs } from './demo-context.js';
import type { DemoStep } from './demo-step.js';

/** Where the demo's inputs come from in the configuration, so that a hint can name the key to change. */
export interface DemoSources {
  /** `--config FILE`, or the embedded defaults. */
  config: string;
  accountId: string;
  /** Key paths such as `aws.accounts[0].principals[1]`. */
  account: string;
  principal: string;
  tenant: string;
  /** Absent when `--client-id` names no application of the tenant. */
  application?: string;
}

type Hint = (inputs: DemoInputs, where: DemoSources) => string;

const sameConfig = (where: DemoSources) => `run \`fedlab demo\` with the --config the running fedlab was started with (${where.config} here), or stop it so that the demo starts its own`;

/** What to change for each refusal, by the code the service answered. */
const HINTS: Record<string, Hint> = {
  InvalidClientTokenId: (i, w) => `the running fedlab does not know the access key ${i.credentials.accessKeyId} (${w.principal}.accessKeyId): ${sameConfig(w)}`,
  SignatureDoesNotMatch: (_i, w) => `the secret key does not match (${w.principal}.secretAccessKey): ${sameConfig(w)}`,
  ExpiredToken: (_i, w) => `the principal's temporary credentials expired: set ${w.principal}.sessionExpiresAt later, or to null`,
  OutboundWebIdentityFederationDisabledException: (_i, w) =>
    `outbound federation is off for account ${w.accountId}: set ${w.account}.outboundFederation: enabled, or call IAM EnableOutboundWebIdentityFederation with the account's keys`,
  AccessDenied: (i, w) =>
    `${i.principalArn} may not mint this token: allow sts:GetWebIdentityToken for audience '${i.audience}', ${i.algorithm}, ${i.durationSeconds} s in ${w.principal}.policy (or its inlinePolicies), or pick another --principal, --audience, --alg or --duration`,
  ValidationError: () => 'a request value is out of range: --audience must be 1-1000 characters, --duration 60-3600, --alg RS256 or ES384',
  SessionDurationEscalationException: (_i, w) => `--duration outlives the principal's session (${w.principal}.sessionExpiresAt): lower --duration`,
  JWTPayloadSizeExceededException: () => "the token's claims exceed aws.maxPayloadBytes: raise it, or trim the principal's tags",
  AADSTS90002: (i) => `tenant ${i.tenantId} is not configured: --tenant must be an id or domain under entra.tenants`,
  AADSTS700016: (i, w) => `--client-id ${i.clientId} is not an application of tenant ${i.tenantId}: use an appId from ${w.tenant}.applications`,
  AADSTS500011: (i, w) => `--resource ${i.resource} is not a resource of the tenant: use an identifierUri from ${w.tenant}.resources`,
  AADSTS70021: (i, w) =>
    `no federated identity credential of application ${i.clientId} matches the token: add to ${w.application ?? `${w.tenant}.applications[]`}.federatedIdentityCredentials one with issuer aws:${w.accountId}, subject ${i.principalArn}, audiences ['${i.audience}'], or run the demo with the --audience and --principal an existing credential names`,
  AADSTS700211: (_i, w) => `no credential trusts the token's issuer: set issuer: aws:${w.accountId} on a credential in ${w.application ?? `${w.tenant}.applications[]`}.federatedIdentityCredentials`,
  AADSTS700212: (i, w) => `no credential expects audience '${i.audience}': add it to a credential's audiences in ${w.application ?? `${w.tenant}.applications[]`}, or pass the credential's audience with --audience`,
  AADSTS700213: (i, w) =>
    `no credential expects subject ${i.principalArn}: add to ${w.application ?? `${w.tenant}.applications[]`}.federatedIdentityCredentials one with issuer aws:${w.accountId}, subject ${i.principalArn}, audiences ['${i.audience}'], or pass --principal with the role a credential names`,
  AADSTS7002241: (i, w) =>
    `the credential that fits the token is a flexible one (claimsMatchingExpression), which Entra evaluates only for GitHub Actions, GitLab and Terraform Cloud issuers: in ${w.application ?? `${w.tenant}.applications[]`}.federatedIdentityCredentials replace it by an ordinary one with subject ${i.principalArn} (subject set, claimsMatchingExpression removed), or set entra.extendedClaimsExpressions: true (a fedlab extension)`,
  AADSTS700237: (_i, w) =>
    `the credential's claimsMatchingExpression reads a claim Entra does not offer for its issuer (top-level listed claims only, e.g. claims['sub']): rewrite the expression in ${w.application ?? `${w.tenant}.applications[]`}.federatedIdentityCredentials, or set entra.extendedClaimsExpressions: true (a fedlab extension)`,
  AADSTS7002131: (i, w) =>
    `the token's claims do not satisfy the credential's claimsMatchingExpression: change the expression in ${w.application ?? `${w.tenant}.applications[]`}.federatedIdentityCredentials so that it holds for ${i.principalArn}, or mint with a principal it names (--principal)`,
  AADSTS700223: (_i, w) =>
    `workload identity federation is switched off for the tenant: set ${w.tenant}.tenantPolicy.workloadIdentityFederation: enabled, or DELETE /_fedlab/tenant-policy/<tenant> on the Entra listener (the console's Break it view) to undo a runtime switch`,
  AADSTS700238: (_i, w) =>
    `the tenant's policy blocks the token's issuer: remove aws:${w.accountId} (or its issuer URL) from ${w.tenant}.tenantPolicy.blockedIssuers, or DELETE /_fedlab/tenant-policy/<tenant> to undo a runtime switch`,
  AADSTS7000112: (i, w) =>
    `the service principal of application ${i.clientId} is disabled: remove it from ${w.tenant}.tenantPolicy.disabledServicePrincipals, or DELETE /_fedlab/tenant-policy/<tenant> to undo a runtime switch`,
  AADSTS53003: (i, w) =>
    `a Conditional Access policy for workload identities blocks application ${i.clientId}: exclude its service principal (excludeServicePrincipals) or the client's address (locations.exclude) in ${w.tenant}.tenantPolicy.conditionalAccessPolicies, set the policy's state: disabled, or DELETE /_fedlab/tenant-policy/<tenant> to undo a runtime switch`,
  AADSTS700024: () => "the AWS token is outside its validity window at Entra: reset the parties' clocks (fedlab's runtime control, /_fedlab/clock) or mint with a longer --duration",
  Forbidden: (i) => `the vault's access policies do not let application ${i.clientId} read secrets: add its service principal's object id (the token's oid) with permissions [get] to vault.accessPolicies`,
  SecretNotFound: (i) => `no secret '${i.secretName}' in the vault: pass --secret with a name from vault.secrets, or add it there`,
  Unauthorized: (i) => `the vault refused the token: its tenant must be vault.tenant (${i.tenantId} was used) and the token for ${i.resource}`,
};

/** The failed step with `hint`: what to change (which credential, which setting) for its error. */
export function withFixHint(step: DemoStep, inputs: DemoInputs): DemoStep {
  const where = inputs.sources;
  if (step.ok || !step.error || !where) return step;
  const code = /AADSTS\d+/.exec(`${step.error.code ?? ''} ${step.error.message}`)?.[0] ?? step.error.code ?? '';
  const hint = HINTS[code];
  return hint ? { ...step, hint: hint(inputs, where) } : step;
}
