import type { QueryAction } from '../awsquery/action.js';
import { enforceChecks } from '../awsquery/rejection.js';
import { STS } from '../awsquery/services.js';
import { escapeXml, textElement } from '../awsquery/xml.js';
import { parsePolicyDocument } from '../iam/policy/index.js';
import { uniqueIdOf } from '../identity/unique-id.js';
import { newSessionCredentials } from '../sessions/session-store.js';
import { ASSUME_ROLE_CHECKS, type AssumeRoleContext } from '../sts/assume-role/assume-role-checks.js';
import { readAssumeRoleInput } from '../sts/assume-role/assume-role-request.js';
import { callerIdentityArn } from '../sts/caller-arn.js';
import { secondsPrecision } from '../sts/token-claims.js';

/**
 * sts:AssumeRole — temporary credentials for a configured role. The session is a principal the
 * SigV4 verifier knows until it expires on fedlab's clock; tokens it mints carry its tags,
 * source identity, name and expiry.
 */
export const assumeRole: QueryAction = {
  name: 'AssumeRole',
  service: STS,
  async handle({ party, params, caller, requestId }) {
    const ctx: AssumeRoleContext = {
      input: readAssumeRoleInput(params),
      caller,
      roles: (arn) => party.directory.accounts.flatMap((a) => a.config.roles).find((r) => r.arn === arn),
      decisions: [],
    };
    await enforceChecks(ASSUME_ROLE_CHECKS, ctx);
    const role = ctx.role!;
    const account = party.directory.byId(role.arn.split(':')[4]!)!;
    const expiresAt = secondsPrecision(new Date(party.ctx.clock.now().getTime() + ctx.durationSeconds! * 1000).toISOString());
    const credentials = newSessionCredentials();
    const sessionName = ctx.input.roleSessionName!;
    const principal = {
      arn: role.arn,
      ...credentials,
      sessionExpiresAt: expiresAt,
      tags: { ...role.tags, ...ctx.sessionTags },
      context: ctx.sourceIdentity ? { sourceIdentity: ctx.sourceIdentity } : {},
      policy: null,
      sessionName,
    };
    party.directory.sessions.put({
      account,
      principal,
      transitiveTagKeys: ctx.transitiveTagKeys!,
      sessionPolicies: ctx.sessionPolicies!,
      rolePolicies: role.policies?.map((doc, i) => ({ name: `${role.arn} policy ${i + 1}`, document: parsePolicyDocument(doc) })),
    });
    const assumedArn = callerIdentityArn(principal);
    party.ctx.events.publish({ party: 'aws', type: 'role-assumed', accountId: account.id, principal: caller.principal.arn, roleArn: role.arn, assumedRoleArn: assumedArn, accessKeyId: credentials.accessKeyId, expiresAt, requestId });
    party.ctx.logger.info({ requestId, caller: caller.principal.arn, role: role.arn, sessionName }, 'role assumed');
    const packed = Math.min(100, Math.ceil(((ctx.input.policy?.length ?? 0) + JSON.stringify(ctx.sessionTags).length) / 20));
    return [
      ...(ctx.sourceIdentity ? [textElement('SourceIdentity', ctx.sourceIdentity)] : []),
      '<AssumedRoleUser>',
      `  ${textElement('AssumedRoleId', `${uniqueIdOf(role.arn)}:${sessionName}`)}`,
      `  ${textElement('Arn', assumedArn)}`,
      '</AssumedRoleUser>',
      '<Credentials>',
      `  ${textElement('AccessKeyId', credentials.accessKeyId)}`,
      `  <SecretAccessKey>${escapeXml(credentials.secretAccessKey)}</SecretAccessKey>`,
      `  ${textElement('SessionToken', credentials.sessionToken)}`,
      `  ${textElement('Expiration', expiresAt)}`,
      '</Credentials>',
      ...(ctx.input.policy !== null || ctx.input.tags.length > 0 ? [textElement('PackedPolicySize', String(packed))] : []),
    ];
  },
};
