import type { UnsignedQueryAction } from '../awsquery/action.js';
import { enforceChecks } from '../awsquery/rejection.js';
import { STS } from '../awsquery/services.js';
import { textElement } from '../awsquery/xml.js';
import { openRoleSession } from '../sessions/open-session.js';
import { readAssumeRoleInput } from '../sts/assume-role/assume-role-request.js';
import { WEB_IDENTITY_CHECKS, type WebIdentityContext } from '../sts/web-identity/web-identity-checks.js';

/**
 * sts:AssumeRoleWithWebIdentity — unsigned, as in AWS: the web identity token is the proof. A
 * fedlab account can so trust another account's outbound tokens, or any OIDC issuer a test runs.
 */
export const assumeRoleWithWebIdentity: UnsignedQueryAction = {
  name: 'AssumeRoleWithWebIdentity',
  service: STS,
  unsigned: true,
  async handle({ party, params, requestId }) {
    const input = { ...readAssumeRoleInput(params), tags: [], transitiveTagKeys: [], sourceIdentity: null, externalId: null };
    const ctx: WebIdentityContext = { party, input, token: params.get('WebIdentityToken') };
    await enforceChecks(WEB_IDENTITY_CHECKS, ctx);
    const claims = ctx.claims!;
    const session = openRoleSession(party, {
      role: ctx.role!,
      sessionName: input.roleSessionName!,
      durationSeconds: ctx.durationSeconds!,
      sessionTags: {},
      transitiveTagKeys: [],
      sessionPolicies: ctx.sessionPolicies!,
      policyText: input.policy,
    });
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
