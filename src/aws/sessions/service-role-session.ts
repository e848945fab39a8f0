import { CheckFailure } from '../../core/checks.js';
import { recordServiceCall } from '../cloudtrail/record-service-call.js';
import { roleResource } from '../cloudtrail/resources.js';
import type { PrincipalConfig } from '../config.js';
import { evaluatePolicies, parsePolicyDocument, type ContextValue } from '../iam/policy/index.js';
import type { AwsRuntime } from '../runtime.js';
import { openRoleSession } from './open-session.js';

/** Renewed when less than this is left, as EC2 and Lambda hand out fresh credentials well before the end. */
const RENEW_BEFORE_MS = 15 * 60 * 1000;

export interface ServiceCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: string;
  lastUpdated: string;
}

export interface ServiceRoleSessionSpec {
  accountId: string;
  roleArn: string;
  /** The service principal the role's trust policy must allow (`ec2.amazonaws.com`, `lambda.amazonaws.com`). */
  service: string;
  sessionName: string;
  durationSeconds: number;
  /** Where the workload runs: the region of the service's AssumeRole event. */
  region: string;
  /** Condition keys the service sends with its AssumeRole (aws:SourceArn, aws:SourceAccount), for the trust policy. */
  trustContext?: Record<string, ContextValue>;
  /** Where the credentials were delivered: the session's ec2_* / lambda_* context. */
  context: PrincipalConfig['context'];
  /** Event type announced when a session is opened. */
  announce: { type: string } & Record<string, unknown>;
}

/**
 * A role session an AWS service opens for a workload it runs (an EC2 instance profile, a Lambda
 * execution role, an ECS task role): the role's trust policy must let the service call
 * sts:AssumeRole, evaluated by the policy evaluator; CloudTrail records the service's AssumeRole;
 * the same session is handed out until 15 minutes before its end.
 */
export function serviceRoleSession(party: AwsRuntime, spec: ServiceRoleSessionSpec): () => ServiceCredentials {
  let held: ServiceCredentials | undefined;
  return () => {
    const now = party.ctx.clock.now();
    if (held && Date.parse(held.expiration) - now.getTime() > RENEW_BEFORE_MS) return held;
    const role = party.roles(spec.roleArn);
    if (!role) throw new CheckFailure('NoSuchEntity', `The role with name ${spec.roleArn.split('/').pop()} cannot be found.`, 404);
    const trusted = evaluatePolicies(
      { principal: { arn: spec.service, account: spec.accountId, service: spec.service }, action: 'sts:AssumeRole', resource: spec.roleArn, context: spec.trustContext ?? {} },
      { resource: [{ name: `trust policy of ${spec.roleArn}`, document: parsePolicyDocument(role.trustPolicy, 'resource') }] },
    );
    if (!trusted.allowed) throw new CheckFailure('AssumeRoleUnauthorizedAccess', `${spec.service} cannot assume the role ${spec.roleArn}: its trust policy does not allow ${spec.service}`, 403);
    const opened = openRoleSession(party, {
      role,
      sessionName: spec.sessionName,
      durationSeconds: spec.durationSeconds,
      sessionTags: {},
      transitiveTagKeys: [],
      sessionPolicies: [],
      policyText: null,
      context: spec.context,
    });
    recordServiceCall(party, {
      invokedBy: spec.service,
      accountId: spec.accountId,
      region: spec.region,
      eventName: 'AssumeRole',
      requestParameters: { roleArn: spec.roleArn, roleSessionName: spec.sessionName, durationSeconds: spec.durationSeconds },
      responseElements: opened.audit,
      resources: [roleResource(spec.roleArn)],
    });
    held = { ...opened.credentials, expiration: opened.expiresAt, lastUpdated: now.toISOString().replace(/\.\d{3}Z$/, 'Z') };
    party.ctx.events.publish({ party: 'aws', ...spec.announce, accountId: spec.accountId, roleArn: spec.roleArn, sessionName: spec.sessionName, accessKeyId: held.accessKeyId, expiresAt: held.expiration });
    return held;
  };
}
