import type { Ec2InstanceConfig } from '../config.js';
import type { AwsRuntime } from '../runtime.js';
import { serviceRoleSession, type ServiceCredentials } from '../sessions/service-role-session.js';

/** IMDS hands out credentials valid for about six hours. */
const SESSION_SECONDS = 6 * 3600;

export type InstanceCredentials = ServiceCredentials;

/** `arn:aws:ec2:<region>:<account>:instance/<id>`: ec2:SourceInstanceARN and the token's ec2_source_instance_arn. */
export const instanceArn = (accountId: string, region: string, instanceId: string) => `arn:aws:ec2:${region}:${accountId}:instance/${instanceId}`;

/**
 * The instance profile role's session, as EC2 opens it: trusted by `ec2.amazonaws.com`, named
 * after the instance id, carrying where it was delivered (ec2:SourceInstanceARN, the VPC, the
 * private address, ec2:RoleDelivery 2.0 for IMDSv2).
 */
export function instanceSessionSource(party: AwsRuntime, accountId: string, instance: Ec2InstanceConfig): { roleName: string; current(): InstanceCredentials } {
  const region = instance.region ?? party.directory.byId(accountId)!.config.region;
  return {
    roleName: instance.roleArn.split('/').pop()!,
    current: serviceRoleSession(party, {
      accountId,
      roleArn: instance.roleArn,
      service: 'ec2.amazonaws.com',
      sessionName: instance.instanceId,
      durationSeconds: SESSION_SECONDS,
      region,
      context: {
        ec2SourceInstanceArn: instanceArn(accountId, region, instance.instanceId),
        ...(instance.vpcId ? { ec2InstanceSourceVpc: instance.vpcId } : {}),
        ...(instance.privateIpv4 ? { ec2InstanceSourcePrivateIpv4: instance.privateIpv4 } : {}),
        ec2RoleDelivery: '2.0',
      },
      announce: { type: 'instance-credentials-issued', instanceId: instance.instanceId },
    }),
  };
}
