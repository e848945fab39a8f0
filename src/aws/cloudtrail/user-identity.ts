import type { KnownPrincipal } from '../accounts/directory.js';
import { uniqueIdOf } from '../identity/unique-id.js';
import { callerIdentityArn, DEFAULT_SESSION_NAME } from '../sts/caller-arn.js';

/** `20131102T010628Z` → CloudTrail writes session creation as `2013-11-02T01:06:28Z`. */
const isoSeconds = (at: Date) => at.toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * CloudTrail's `userIdentity` of a signed caller: `IAMUser` for a user, `AssumedRole` with
 * `sessionContext` (issuer, attributes, source identity, web identity or EC2 origin) for a role session.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html
 */
export function userIdentityOf(caller: KnownPrincipal, accessKeyId: string, eventTime: Date): Record<string, unknown> {
  const { account, principal, session } = caller;
  const roleMatch = /:role\/(?:.*\/)?([^/]+)$/.exec(principal.arn);
  if (!roleMatch) {
    return { type: 'IAMUser', principalId: uniqueIdOf(principal.arn), arn: principal.arn, accountId: account.id, accessKeyId, userName: principal.arn.split('/').pop() };
  }
  const roleId = uniqueIdOf(principal.arn);
  const context = principal.context;
  return {
    type: 'AssumedRole',
    principalId: `${roleId}:${principal.sessionName ?? DEFAULT_SESSION_NAME}`,
    arn: callerIdentityArn(principal),
    accountId: account.id,
    accessKeyId,
    sessionContext: {
      sessionIssuer: { type: 'Role', principalId: roleId, arn: principal.arn, accountId: account.id, userName: roleMatch[1] },
      ...(session?.webIdentityProvider ? { webIdFederationData: { federatedProvider: session.webIdentityProvider, attributes: {} } } : {}),
      attributes: { creationDate: isoSeconds(session?.createdAt ? new Date(session.createdAt) : eventTime), mfaAuthenticated: 'false' },
      ...(context.ec2RoleDelivery ? { ec2RoleDelivery: context.ec2RoleDelivery } : {}),
      ...(context.sourceIdentity ? { sourceIdentity: context.sourceIdentity } : {}),
    },
  };
}

/** A web identity caller of AssumeRoleWithWebIdentity (unsigned): the provider, audience and subject the token names. */
export function webIdentityUserOf(providerArn: string, audience: string, subject: string): Record<string, unknown> {
  return { type: 'WebIdentityUser', principalId: `${providerArn}:${audience}:${subject}`, userName: subject, identityProvider: providerArn };
}
