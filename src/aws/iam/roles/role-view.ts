import { uniqueIdOf } from '../../identity/unique-id.js';
import type { RoleConfig } from '../../config.js';
import type { AwsRuntime } from '../../runtime.js';
import { textElement } from '../../awsquery/xml.js';
import { encodedTrustPolicy, roleMeta, roleNameOf, rolePathOf } from './role-store.js';

/** IAM writes CreateDate to the second. */
export const iamDate = (at: Date) => at.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A `Role` as IAM answers it (GetRole and CreateRole carry tags; ListRoles does not). */
export function roleFields(party: AwsRuntime, role: RoleConfig, withTags: boolean): Record<string, unknown> {
  const m = roleMeta(party, role);
  const tags = Object.entries(role.tags).map(([Key, Value]) => ({ Key, Value }));
  return {
    Path: rolePathOf(role.arn),
    RoleName: roleNameOf(role.arn),
    RoleId: uniqueIdOf(role.arn),
    Arn: role.arn,
    CreateDate: iamDate(m.createDate),
    AssumeRolePolicyDocument: encodedTrustPolicy(role),
    ...(m.description !== undefined ? { Description: m.description } : {}),
    MaxSessionDuration: role.maxSessionDuration,
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
    else lines.push(textElement(name, String(value)));
  }
  return [`<${element}>`, ...lines.map((l) => `  ${l}`), `</${element}>`];
}

/** The role in a CloudTrail record's responseElements (camelCase, as CloudTrail writes IAM's answers). */
export function roleAudit(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k.charAt(0).toLowerCase() + k.slice(1), k === 'Tags' ? (v as { Key: string; Value: string }[]).map((t) => ({ key: t.Key, value: t.Value })) : v]));
}
