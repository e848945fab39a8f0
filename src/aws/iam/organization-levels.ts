import type { Account } from '../accounts/account.js';
import type { AwsConfig } from '../config.js';
import type { PolicyJson } from './policy-config.js';

/**
 * The attachment points from the root to the account, as SCPs and RCPs are inherited: the root,
 * each OU of the account's OU path, the account. AWS attaches FullAWSAccess (and RCPFullAWSAccess)
 * to every node when the policy type is enabled; fedlab models them as always attached.
 */
export interface OrgLevel {
  target: string;
  policies: { name: string; document: PolicyJson }[];
}

export const FULL_AWS_ACCESS: PolicyJson = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

/** `o-exampleorg1/r-ab12/ou-ab12-11111111/` → root r-ab12, OUs [ou-ab12-11111111]. */
export function orgPath(account: Account): { root: string; ous: string[] } | undefined {
  const path = account.config.organization?.ouPath[0];
  if (!path) return undefined;
  const [, root, ...ous] = path.split('/').filter((s) => s.length > 0);
  return root ? { root, ous } : undefined;
}

export function organizationLevels(config: AwsConfig, account: Account, type: 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY'): OrgLevel[] | undefined {
  const organization = account.config.organization;
  if (!organization || organization.management) return undefined;
  const org = config.organizations.find((o) => o.id === organization.id);
  if (!org) return undefined;
  const path = orgPath(account);
  const targets = [...(path ? [path.root, ...path.ous] : []), account.id];
  const full = type === 'SERVICE_CONTROL_POLICY' ? 'FullAWSAccess' : 'RCPFullAWSAccess';
  return targets.map((target) => ({
    target,
    policies: [{ name: full, document: FULL_AWS_ACCESS }, ...org.policies.filter((p) => p.type === type && p.targets.includes(target)).map((p) => ({ name: p.name, document: p.document }))],
  }));
}
