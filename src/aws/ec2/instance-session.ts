import { CheckFailure } from '../../core/checks.js';
import type { Ec2InstanceConfig, RoleConfig } from '../config.js';
import { evaluatePolicies, parsePolicyDocument } from '../iam/policy/index.js';
import type { AwsRuntime } from '../runtime.js';
import { openRoleSession } from '../sessions/open-session.js';

/** IMDS hands out credentials valid for about six hours and renews them well before they expire. */
const SESSION_SECONDS = 6 * 3600;
const RENEW_BEFORE_MS = 15 * 60 * 1000;

export interface InstanceCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: string;
  lastUpdated: string;
}

/** `arn:aws:ec2:<region>:<account>:instance/<id>`: ec2:SourceInstanceARN and the token's ec2_source_instance_arn. */
export const instanceArn = (accountId: string, region: string, instanceId: string) => `arn:aws:ec2:${region}:${accountId}:instance/${instanceId}`;

/**
 * The instance profile role's session, as EC2 opens it: the role's trust policy must let
 * `ec2.amazonaws.com` call sts:AssumeRole, the session is named after the instance id, and it
 * carries where it was delivered (ec2:SourceInstanceARN, the VPC, the private address,
 * ec2:RoleDelivery 2.0 for IMDSv2). Renewed when less than 15 minutes are left.
 */
export function instanceSessionSource(party: AwsRuntime, accountId: string, instance: Ec2InstanceConfig): { roleName: string; current(): InstanceCredentials } {
  const region = instance.region ?? party.directory.byId(accountId)!.config.region;
  let held: InstanceCredentials | undefined;
  const role = (): RoleConfig => {
    const found = party.roles(instance.roleArn);
    if (!found) throw new CheckFailure('RoleNotFound', `the instance profile role ${instance.roleArn} no longer exists`, 404);
    return found;
  };
  return {
    roleName: instance.roleArn.split('/').pop()!,
    current() {
      const now = party.ctx.clock.now();
      if (held && Date.parse(held.expiration) - now.getTime() > RENEW_BEFORE_MS) return held;
      const trusted = evaluatePolicies(
        { principal: { arn: 'ec2.amazonaws.com', account: accountId, service: 'ec2.amazonaws.com' }, action: 'sts:AssumeRole', resource: instance.roleArn, context: {} },
        { resource: [{ name: `trust policy of ${instance.roleArn}`, document: parsePolicyDocument(role().trustPolicy, 'resource') }] },
      );
      if (!trusted.allowed) throw new CheckFailure('AssumeRoleUnauthorizedAccess', `EC2 cannot assume the role ${instance.roleArn}: its trust policy does not allow ec2.amazonaws.com`, 404);
      const opened = openRoleSession(party, {
        role: role(),
        sessionName: instance.instanceId,
        durationSeconds: SESSION_SECONDS,
        sessionTags: {},
        transitiveTagKeys: [],
        sessionPolicies: [],
        policyText: null,
        context: {
          ec2SourceInstanceArn: instanceArn(accountId, region, instance.instanceId),
          ...(instance.vpcId ? { ec2InstanceSourceVpc: instance.vpcId } : {}),
          ...(instance.privateIpv4 ? { ec2InstanceSourcePrivateIpv4: instance.privateIpv4 } : {}),
          ec2RoleDelivery: '2.0',
        },
      });
      held = { ...opened.credentials, expiration: opened.expiresAt, lastUpdated: now.toISOString().replace(/\.\d{3}Z$/, 'Z') };
      party.ctx.events.publish({ party: 'aws', type: 'instance-credentials-issued', accountId, instanceId: instance.instanceId, roleArn: instance.roleArn, accessKeyId: held.accessKeyId, expiresAt: held.expiration });
      return held;
    },
  };
}
