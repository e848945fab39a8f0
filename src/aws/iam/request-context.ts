import type { KnownPrincipal } from '../accounts/directory.js';
import type { ContextValue, RequestPrincipal } from './policy/index.js';
import { callerIdentityArn } from '../sts/caller-arn.js';

/**
 * The global condition keys of a signed request from a configured principal, named as AWS names them.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 */
export function requestPrincipal({ account, principal }: KnownPrincipal): RequestPrincipal {
  const session = callerIdentityArn(principal);
  return { arn: session, roleArn: principal.arn, account: account.id };
}

export function globalContext({ account, principal }: KnownPrincipal, region: string, nowSeconds: number, secureTransport: boolean): Record<string, ContextValue> {
  const organization = account.config.organization;
  const isUser = /:user\//.test(principal.arn);
  const context: Record<string, ContextValue> = {
    'aws:PrincipalArn': principal.arn,
    'aws:PrincipalAccount': account.id,
    'aws:PrincipalType': isUser ? 'User' : 'AssumedRole',
    'aws:RequestedRegion': region,
    'aws:CurrentTime': new Date(nowSeconds * 1000).toISOString().replace('.000Z', 'Z'),
    'aws:EpochTime': String(nowSeconds),
    'aws:SecureTransport': String(secureTransport),
  };
  if (isUser) context['aws:username'] = principal.arn.replace(/^.*:user\/(?:.*\/)?/, '');
  if (organization) context['aws:PrincipalOrgID'] = organization.id;
  if (organization && organization.ouPath.length > 0) context['aws:PrincipalOrgPaths'] = organization.ouPath;
  for (const [key, value] of Object.entries(principal.tags)) context[`aws:PrincipalTag/${key}`] = value;
  if (principal.sessionToken) context['aws:MultiFactorAuthPresent'] = 'false';
  // An EC2 instance profile session's keys (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html).
  const { ec2SourceInstanceArn, ec2InstanceSourceVpc, ec2InstanceSourcePrivateIpv4, ec2RoleDelivery } = principal.context;
  if (ec2SourceInstanceArn) context['ec2:SourceInstanceARN'] = ec2SourceInstanceArn;
  if (ec2InstanceSourceVpc) context['aws:Ec2InstanceSourceVpc'] = ec2InstanceSourceVpc;
  if (ec2InstanceSourcePrivateIpv4) context['aws:Ec2InstanceSourcePrivateIPv4'] = ec2InstanceSourcePrivateIpv4;
  if (ec2RoleDelivery) context['ec2:RoleDelivery'] = ec2RoleDelivery;
  return context;
}
