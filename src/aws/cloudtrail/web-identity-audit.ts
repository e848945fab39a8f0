import type { JWTPayload } from 'jose';
import { AWS_CLAIMS_NAMESPACE } from '../sts/token-claims.js';
import type { WebIdentityContext } from '../sts/web-identity/web-identity-checks.js';
import type { AuditNote } from './trail-event.js';
import { webIdentityUserOf } from './user-identity.js';

/**
 * What an AssumeRoleWithWebIdentity event says of its caller, as far as the checks got: the web
 * identity the token names once its provider is known, and for a token from an AWS account issuer
 * (GetWebIdentityToken) the mint's id and origin, which tie this event to the source account's.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_outbound_cross_partition_auditing.html
 */
export function webIdentityAudit(ctx: WebIdentityContext): AuditNote {
  const claims: JWTPayload | undefined = ctx.claims ?? ctx.jwt?.payload;
  if (!ctx.provider || !claims) return {};
  const audience = Array.isArray(claims.aud) ? claims.aud.join(',') : String(claims.aud ?? '');
  const note: AuditNote = { userIdentity: webIdentityUserOf(ctx.provider.arn, audience, String(claims.sub ?? '')) };
  const aws = claims[AWS_CLAIMS_NAMESPACE] as Record<string, unknown> | undefined;
  if (aws && typeof aws === 'object' && typeof claims.jti === 'string') {
    note.requestParameters = { webIdentityTokenId: claims.jti };
    note.additionalEventData = { crossPartitionData: { sourcePrincipalArn: aws.principal_id, sourceRegion: aws.source_region } };
  }
  return note;
}
