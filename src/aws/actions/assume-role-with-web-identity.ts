import type { UnsignedQueryAction } from '../awsquery/action.js';
import { enforceChecks } from '../awsquery/rejection.js';
import { STS } from '../awsquery/services.js';
import { textElement } from '../awsquery/xml.js';
import { openRoleSession } from '../sessions/open-session.js';
import { readAssumeRoleInput } from '../sts/assume-role/assume-role-request.js';
import { WEB_IDENTITY_CHECKS, type WebIdentityContext } from '../sts/web-identity/web-identity-checks.js';
import { roleResource } from '../cloudtrail/resources.js';
import { managedSessionPolicy } from '../sts/assume-role/managed-session-policy.js';
import { webIdentityAudit } from '../cloudtrail/web-identity-audit.js';

/**
 * sts:AssumeRoleWithWebIdentity — unsigned, as in AWS: the web identity token is the proof. A
 * fedlab account can so trust another account's outbound tokens, or any OIDC issuer a test runs.
 */
export const assumeRoleWithWebIdentity: UnsignedQueryAction = {
  name: 'AssumeRoleWithWebIdentity',
  service: STS,
  unsigned: true,
  async handle({ party, params, requestId, audit }) {
    const input = { ...readAssumeRoleInput(params), tags: [], transitiveTagKeys: [], sourceIdentity: null, externalId: null };
    const ctx: WebIdentityContext = { party, input, managedPolicy: managedSessionPolicy(party), token: params.get('WebIdentityToken') };
    const roleAccount = /^arn:[\w-]+:iam::(\d{12}):role\//.exec(input.roleArn ?? '')?.[1];
    if (roleAccount) audit.recipientAccountId = roleAccount;
    try {
      await enforceChecks(WEB_IDENTITY_CHECKS, ctx);
    } finally {
      Object.assign(audit, webIdentityAudit(ctx));
    }
    const claims = ctx.claims!;
    const session = openRoleSession(party, {
      role: ctx.role!,
      sessionName: input.roleSessionName!,
      durationSeconds: ctx.durationSeconds!,
      sessionTags: {},
      transitiveTagKeys: [],
      sessionPolicies: ctx.sessionPolicies!,
      policyText: input.policy,
      webIdentityProvider: ctx.provider!.arn,
    });
    audit.responseElements = { subjectFromWebIdentityToken: String(claims.sub ?? ''), audience: String(claims.aud), ...session.audit, provider: ctx.provider!.arn };
    audit.resources = [roleResource(ctx.role!.arn)];
    party.ctx.events.publish({ party: 'aws', type: 'role-assumed-with-web-identity', roleArn: ctx.role!.arn, provider: ctx.provider!.arn, subject: claims.sub, jti: claims.jti, assumedRoleArn: session.assumedArn, requestId });
    party.ctx.logger.info({ requestId, role: ctx.role!.arn, provider: ctx.provider!.arn }, 'role assumed with web identity');
    return [
      textElement('SubjectFromWebIdentityToken', String(claims.sub ?? '')),
      textElement('Audience', String(claims.aud)),
      ...session.members,
      textElement('Provider', claims.iss!),
    ];
  },
};
