import { textElement, escapeXml } from '../awsquery/xml.js';
import type { PrincipalConfig, RoleConfig } from '../config.js';
import type { NamedPolicy } from '../iam/policy/index.js';
import { uniqueIdOf } from '../identity/unique-id.js';
import type { AwsRuntime } from '../runtime.js';
import { callerIdentityArn } from '../sts/caller-arn.js';
import { secondsPrecision } from '../sts/token-claims.js';
import { newSessionCredentials } from './session-store.js';

export interface SessionRequest {
  role: RoleConfig;
  sessionName: string;
  durationSeconds: number;
  sessionTags: Record<string, string>;
  transitiveTagKeys: string[];
  sourceIdentity?: string;
  sessionPolicies: NamedPolicy[];
  /** Raw `Policy` text, for PackedPolicySize. */
  policyText: string | null;
  /** The IAM OIDC provider that vouched for an AssumeRoleWithWebIdentity session. */
  webIdentityProvider?: string;
  /** Where the credentials were delivered (an EC2 instance's ec2_* context), beyond the source identity. */
  context?: PrincipalConfig['context'];
}

/**
 * A new role session in the role's account (AssumeRole, AssumeRoleWithWebIdentity), kept in the
 * session store, and the result members both operations share: AssumedRoleUser, Credentials,
 * PackedPolicySize and SourceIdentity.
 */
export function openRoleSession(
  party: AwsRuntime,
  request: SessionRequest,
): { assumedArn: string; accessKeyId: string; expiresAt: string; credentials: ReturnType<typeof newSessionCredentials>; members: string[]; audit: Record<string, unknown> } {
  const { role, sessionName } = request;
  const account = party.directory.byId(role.arn.split(':')[4]!)!;
  const now = party.ctx.clock.now();
  const expiresAt = secondsPrecision(new Date(now.getTime() + request.durationSeconds * 1000).toISOString());
  const credentials = newSessionCredentials();
  const principal = {
    arn: role.arn,
    ...credentials,
    sessionExpiresAt: expiresAt,
    tags: { ...role.tags, ...request.sessionTags },
    context: { ...request.context, ...(request.sourceIdentity ? { sourceIdentity: request.sourceIdentity } : {}) },
    policy: null,
    sessionName,
  };
  party.directory.sessions.put({
    account,
    principal,
    transitiveTagKeys: request.transitiveTagKeys,
    sessionPolicies: request.sessionPolicies,
    createdAt: now.toISOString(),
    ...(request.webIdentityProvider ? { webIdentityProvider: request.webIdentityProvider } : {}),
  });
  const assumedArn = callerIdentityArn(principal);
  const assumedRoleId = `${uniqueIdOf(role.arn)}:${sessionName}`;
  const tagged = Object.keys(request.sessionTags).length > 0;
  const packed = Math.min(100, Math.ceil(((request.policyText?.length ?? 0) + (tagged ? JSON.stringify(request.sessionTags).length : 0)) / 20));
  const members = [
    ...(request.sourceIdentity ? [textElement('SourceIdentity', request.sourceIdentity)] : []),
    '<AssumedRoleUser>',
    `  ${textElement('AssumedRoleId', assumedRoleId)}`,
    `  ${textElement('Arn', assumedArn)}`,
    '</AssumedRoleUser>',
    '<Credentials>',
    `  ${textElement('AccessKeyId', credentials.accessKeyId)}`,
    `  <SecretAccessKey>${escapeXml(credentials.secretAccessKey)}</SecretAccessKey>`,
    `  ${textElement('SessionToken', credentials.sessionToken)}`,
    `  ${textElement('Expiration', expiresAt)}`,
    '</Credentials>',
    ...(request.policyText !== null || tagged ? [textElement('PackedPolicySize', String(packed))] : []),
  ];
  // CloudTrail's responseElements: the secret and the session token are never recorded.
  const audit = {
    credentials: { accessKeyId: credentials.accessKeyId, expiration: expiresAt },
    assumedRoleUser: { assumedRoleId, arn: assumedArn },
    ...(request.policyText !== null || tagged ? { packedPolicySize: packed } : {}),
    ...(request.sourceIdentity ? { sourceIdentity: request.sourceIdentity } : {}),
  };
  return { assumedArn, accessKeyId: credentials.accessKeyId, expiresAt, credentials, members, audit };
}
