import type { QueryAction } from '../awsquery/action.js';
import { enforceChecks } from '../awsquery/rejection.js';
import { STS } from '../awsquery/services.js';
import { openRoleSession } from '../sessions/open-session.js';
import { ASSUME_ROLE_CHECKS, type AssumeRoleContext } from '../sts/assume-role/assume-role-checks.js';
import { readAssumeRoleInput } from '../sts/assume-role/assume-role-request.js';
import { roleResource } from '../cloudtrail/resources.js';
import { managedSessionPolicy } from '../sts/assume-role/managed-session-policy.js';

/**
 * sts:AssumeRole — temporary credentials for a configured role. The session is a principal the
 * SigV4 verifier knows until it expires on fedlab's clock; tokens it mints carry its tags,
 * source identity, name and expiry.
 */
export const assumeRole: QueryAction = {
  name: 'AssumeRole',
  service: STS,
  async handle({ party, params, caller, requestId, audit }) {
    const ctx: AssumeRoleContext = { input: readAssumeRoleInput(params), managedPolicy: managedSessionPolicy(party), caller, organizations: party.organizations, roles: party.roles, decisions: [] };
    await enforceChecks(ASSUME_ROLE_CHECKS, ctx);
    const session = openRoleSession(party, {
      role: ctx.role!,
      sessionName: ctx.input.roleSessionName!,
      durationSeconds: ctx.durationSeconds!,
      sessionTags: ctx.sessionTags!,
      transitiveTagKeys: ctx.transitiveTagKeys!,
      sourceIdentity: ctx.sourceIdentity,
      sessionPolicies: ctx.sessionPolicies!,
      policyText: ctx.input.policy,
    });
    party.ctx.events.publish({ party: 'aws', type: 'role-assumed', principal: caller.principal.arn, roleArn: ctx.role!.arn, assumedRoleArn: session.assumedArn, accessKeyId: session.accessKeyId, expiresAt: session.expiresAt, requestId });
    party.ctx.logger.info({ requestId, caller: caller.principal.arn, role: ctx.role!.arn }, 'role assumed');
    audit.responseElements = session.audit;
    audit.resources = [roleResource(ctx.role!.arn)];
    return session.members;
  },
};
