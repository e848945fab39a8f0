import { randomUUID } from 'node:crypto';
import type { JWTPayload } from 'jose';
import type { KnownPrincipal } from '../accounts/directory.js';
import type { PrincipalConfig } from '../config.js';
import type { TokenRequest } from './token-request.js';

/** AWS groups its own claims under this namespace claim. */
export const AWS_CLAIMS_NAMESPACE = 'https://sts.amazonaws.com/';

/** Config `context` → session context claim names (they mirror the global condition keys). */
const SESSION_CONTEXT_CLAIMS: Record<keyof PrincipalConfig['context'], string> = {
  ec2SourceInstanceArn: 'ec2_source_instance_arn',
  ec2InstanceSourceVpc: 'ec2_instance_source_vpc',
  ec2InstanceSourcePrivateIpv4: 'ec2_instance_source_private_ipv4',
  ec2RoleDelivery: 'ec2_role_delivery',
  lambdaSourceFunctionArn: 'lambda_source_function_arn',
  sourceIdentity: 'source_identity',
  identityStoreUserId: 'identity_store_user_id',
};

/** `2025-12-28T10:45:29Z`: how original_session_exp is written (no fraction). */
export const secondsPrecision = (iso: string) => new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z');

function sessionContextClaims(context: PrincipalConfig['context']): Record<string, string> {
  const claims: Record<string, string> = {};
  for (const [key, claim] of Object.entries(SESSION_CONTEXT_CLAIMS)) {
    const value = context[key as keyof PrincipalConfig['context']];
    if (value !== undefined) claims[claim] = value;
  }
  return claims;
}

/**
 * The payload as real AWS shapes it: `sub` is the role (or user) ARN with its path, never the
 * session ARN; `aud` a string for one audience, an array for several; no `nbf`; AWS's own claims
 * under the namespace, each only when it applies.
 */
export function buildTokenClaims(request: TokenRequest, { account, principal }: KnownPrincipal, region: string, issuedAt: number): JWTPayload {
  const organization = account.config.organization;
  const originIdentity = request.subjectMode === 'OriginIdentity';
  const aws: Record<string, unknown> = {
    aws_account: account.id,
    source_region: region,
    ...(organization ? { org_id: organization.id } : {}),
    ...(organization && organization.ouPath.length > 0 ? { ou_path: organization.ouPath } : {}),
    ...(principal.sessionExpiresAt ? { original_session_exp: secondsPrecision(principal.sessionExpiresAt) } : {}),
    ...sessionContextClaims(principal.context),
    principal_id: principal.arn,
    ...(Object.keys(principal.tags).length > 0 ? { principal_tags: principal.tags } : {}),
    ...(request.tags.length > 0 ? { request_tags: Object.fromEntries(request.tags) } : {}),
  };
  return {
    aud: request.audiences.length === 1 ? request.audiences[0] : request.audiences,
    sub: originIdentity ? principal.originIdentity!.subject : principal.arn,
    [AWS_CLAIMS_NAMESPACE]: aws,
    iss: account.issuerUrl,
    exp: issuedAt + request.durationSeconds,
    iat: issuedAt,
    jti: randomUUID(),
    ...(originIdentity ? { subject_mode: 'OriginIdentity' } : {}),
    ...(request.scope !== undefined ? { scope: request.scope } : {}),
  };
}
