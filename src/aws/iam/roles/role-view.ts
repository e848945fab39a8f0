import { uniqueIdOf } from '../../identity/unique-id.js';
import type { RoleConfig } from '../../config.js';
import type { AwsRuntime } from '../../runtime.js';
import { textElement } from '../../awsquery/xml.js';
import { encodedTrustPolicy, roleMeta, roleNameOf, rolePathOf } from './role-store.js';

/** IAM writes CreateDate to the second. */
export const iamDate = (at: Date) => at.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** `AttachedPermissionsBoundary` of a Role or User, when the entity has a boundary. */
export const boundaryField = (arn: string | undefined) => (arn ? { PermissionsBoundary: { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: arn } } : {});

/** A `Role` as IAM answers it (GetRole and CreateRole carry the boundary and tags; ListRoles does not). */
export function roleFields(party: AwsRuntime, role: RoleConfig, withTags: boolean): Record<string, unknown> {
  const m = roleMeta(party, role);
  const tags = Object.entries(role.tags).map(([Key, Value]) => ({ Key, Value }));
  const boundary = withTags ? party.directory.byId(role.arn.split(':')[4]!)?.iam.entity('role', roleNameOf(role.arn)).boundary : undefined;
  return {
    Path: rolePathOf(role.arn),
    RoleName: roleNameOf(role.arn),
    RoleId: uniqueIdOf(role.arn),
    Arn: role.arn,
    CreateDate: iamDate(m.createDate),
    AssumeRolePolicyDocument: encodedTrustPolicy(role),
    ...(m.description !== undefined ? { Description: m.description } : {}),
    MaxSessionDuration: role.maxSessionDuration,
    ...boundaryField(boundary),
    ...(withTags && tags.length > 0 ? { Tags: tags } : {}),
  };
}

export function tagMembers(tags: { Key: string; Value: string }[]): string[] {
  return tags.flatMap((t) => ['<member>', `  ${textElement('Key', t.Key)}`, `  ${textElement('Value', t.Value)}`, '</member>']);
}

/** `<Role>…</Role>` lines from roleFields. */
export function roleXml(fields: Record<string, unknown>, element = 'Role'): string[] {
  const lines: string[] = [];
  for (const [name, value] of Object.entries(fields)) {
    if (name === 'Tags') lines.push('<Tags>', ...tagMembers(value as { Key: string; Value: string }[]).map((l) => `  ${l}`), '</Tags>');
    else if (typeof value === 'object' && value !== null) lines.push(...roleXml(value as Record<string, unknown>, name));
    else lines.push(textElement(name, String(value)));
  }
  return [`<${element}>`, ...lines.map((l) => `  ${l}`), `</${element}>`];
}

/** The role in a CloudTrail record's responseElements (camelCase, as CloudTrail writes IAM's answers). */
export function roleAudit(fields: Record<string, unknown>): Record<string, unknown> {
  const camel = (k: string) => k.charAt(0).toLowerCase() + k.slice(1);
  return Object.fromEntries(
    Object.entries(fields).map(([k, v]) => [
      camel(k),
      k === 'Tags' ? (v as { Key: string; Value: string }[]).map((t) => ({ key: t.Key, value: t.Value })) : typeof v === 'object' && v !== null ? roleAudit(v as Record<string, unknown>) : v,
    ]),
  );
}
