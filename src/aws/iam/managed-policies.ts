import type { PolicyJson } from './policy-config.js';

/**
 * AWS managed policies fedlab knows (ARN arn:aws:iam::aws:policy/<name>). `FedlabDefaultOutboundFederation`
 * is fedlab's own: attached to every principal that declares no policy at all, so existing
 * configurations keep minting; detach it and the principal is refused as IAM refuses.
 */
export const DEFAULT_POLICY_NAME = 'FedlabDefaultOutboundFederation';
export const DEFAULT_POLICY_ARN = `arn:aws:iam::aws:policy/${DEFAULT_POLICY_NAME}`;

const everything = (sid: string, action: string): PolicyJson => ({ Version: '2012-10-17', Statement: [{ Sid: sid, Effect: 'Allow', Action: action, Resource: '*' }] });

export const AWS_MANAGED_POLICIES: ReadonlyMap<string, PolicyJson> = new Map<string, PolicyJson>([
  [
    DEFAULT_POLICY_NAME,
    {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'MintWebIdentityTokens', Effect: 'Allow', Action: ['sts:GetWebIdentityToken', 'sts:TagGetWebIdentityToken', 'sts:SetWebIdentityTokenScope'], Resource: '*' },
        {
          Sid: 'ManageOutboundFederation',
          Effect: 'Allow',
          Action: ['iam:EnableOutboundWebIdentityFederation', 'iam:DisableOutboundWebIdentityFederation', 'iam:GetOutboundWebIdentityFederationInfo'],
          Resource: '*',
        },
        // AssumeRole evaluates the caller's identity policy too (across accounts, or when a trust policy
        // names only the account): principals that declare no policy keep assuming the roles that trust them.
        { Sid: 'AssumeTrustingRoles', Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'], Resource: '*' },
        // fedlab's event history is there to be read: "who minted this token?" works out of the box.
        { Sid: 'ReadEventHistory', Effect: 'Allow', Action: 'cloudtrail:LookupEvents', Resource: '*' },
      ],
    },
  ],
  ['AdministratorAccess', everything('AdministratorAccess', '*')],
  ['IAMFullAccess', everything('IAMFullAccess', 'iam:*')],
  ['AWSOrganizationsFullAccess', everything('AWSOrganizationsFullAccess', 'organizations:*')],
  [
    'AWSCloudTrail_ReadOnlyAccess',
    { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['cloudtrail:Get*', 'cloudtrail:Describe*', 'cloudtrail:List*', 'cloudtrail:LookupEvents'], Resource: '*' }] },
  ],
]);

/** The document behind a policy ARN: AWS managed, or the account's customer managed ones. */
export function managedPolicyDocument(arn: string, customer: readonly { name: string; document: PolicyJson }[], accountId: string): PolicyJson | undefined {
  const m = /^arn:[\w-]+:iam::(aws|\d{12}):policy\/(?:.*\/)?([^/]+)$/.exec(arn);
  if (!m) return undefined;
  if (m[1] === 'aws') return AWS_MANAGED_POLICIES.get(m[2]!);
  if (m[1] !== accountId) return undefined;
  return customer.find((p) => p.name === m[2])?.document;
}
