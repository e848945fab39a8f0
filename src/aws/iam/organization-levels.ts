import type { Account } from '../accounts/account.js';
import type { OrganizationStore, OrgPolicyType } from '../organizations/organization-store.js';
import type { PolicyJson } from './policy-config.js';

/**
 * The attachment points from the root to the account, as SCPs and RCPs are inherited: the root,
 * each OU of the account's OU path, the account. Every level must allow (an empty level allows
 * nothing: Organizations keeps at least one policy attached, FullAWSAccess to begin with).
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

/** The policies of `type` attached at each level, as now in force; undefined where the layer does not apply. */
export function organizationLevels(organizations: OrganizationStore, account: Account, type: OrgPolicyType): OrgLevel[] | undefined {
  const organization = account.config.organization;
  if (!organization || organization.management) return undefined;
  const state = organizations.byId(organization.id)?.state();
  if (!state || !state.enabledTypes.includes(type)) return undefined;
  const path = orgPath(account);
  const targets = [...(path ? [path.root, ...path.ous] : []), account.id];
  return targets.map((target) => ({
    target,
    policies: state.policies.filter((p) => p.type === type && p.targets.includes(target)).map((p) => ({ name: p.name, document: parsedContent(p.content) })),
  }));
}

const contents = new Map<string, PolicyJson>();
/** Policy text → its document object, kept so that the evaluator's parse cache hits. */
function parsedContent(content: string): PolicyJson {
  let doc = contents.get(content);
  if (!doc) {
    if (contents.size > 10000) contents.clear();
    contents.set(content, (doc = JSON.parse(content) as PolicyJson));
  }
  return doc;
}
