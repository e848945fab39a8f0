import type { RoleConfig } from '../../config.js';
import type { AwsRuntime } from '../../runtime.js';

/** What IAM keeps of a role beyond the configuration's fields. */
interface RoleMeta {
  createDate: Date;
  description?: string;
}

const meta = new WeakMap<RoleConfig, RoleMeta>();

export const roleNameOf = (arn: string) => arn.split('/').pop()!;
/** `arn:aws:iam::111122223333:role/app/ci/deployer` → `/app/ci/`. */
export const rolePathOf = (arn: string) => {
  const parts = arn.split(':').slice(5).join(':').split('/').slice(1, -1);
  return parts.length === 0 ? '/' : `/${parts.join('/')}/`;
};

/**
 * The account's roles: those of the configuration and those IAM's CreateRole added (kept in the
 * same list, so that AssumeRole finds them; in memory only, see docs/deviations-aws.md).
 */
export function accountRoles(party: AwsRuntime, accountId: string): RoleConfig[] {
  return party.config.accounts.find((a) => a.id === accountId)!.roles;
}

/** IAM role names are unique per account, case-insensitively. */
export function findRole(party: AwsRuntime, accountId: string, name: string): RoleConfig | undefined {
  const lower = name.toLowerCase();
  return accountRoles(party, accountId).find((r) => roleNameOf(r.arn).toLowerCase() === lower);
}

/** A configured role's CreateDate is when fedlab first showed it. */
export function roleMeta(party: AwsRuntime, role: RoleConfig): RoleMeta {
  let m = meta.get(role);
  if (!m) meta.set(role, (m = { createDate: party.ctx.clock.now() }));
  return m;
}

/** UpdateRole / UpdateRoleDescription: an empty description removes it, as IAM then shows none. */
export function setRoleDescription(party: AwsRuntime, role: RoleConfig, description: string): void {
  const m = roleMeta(party, role);
  if (description === '') delete m.description;
  else m.description = description;
}

export function addRole(party: AwsRuntime, accountId: string, role: RoleConfig, description?: string): void {
  accountRoles(party, accountId).push(role);
  meta.set(role, { createDate: party.ctx.clock.now(), ...(description !== undefined ? { description } : {}) });
}

export function removeRole(party: AwsRuntime, accountId: string, role: RoleConfig): void {
  const roles = accountRoles(party, accountId);
  roles.splice(roles.indexOf(role), 1);
}

/** The trust policy as IAM returns it: the JSON text, URL-encoded (RFC 3986). */
export function encodedTrustPolicy(role: RoleConfig): string {
  const text = typeof role.trustPolicy === 'string' ? role.trustPolicy : JSON.stringify(role.trustPolicy);
  return encodeURIComponent(text);
}
