import { CheckFailure, type Check } from '../../../core/checks.js';
import { memberList, structList } from '../../awsquery/form-params.js';
import type { RoleCallContext } from './role-checks.js';

const MAX_TAGS = 50;
const KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u;

export const readTags = (params: URLSearchParams) => structList(params, 'Tags', (p) => ({ Key: params.get(`${p}.Key`) ?? '', Value: params.get(`${p}.Value`) ?? '' })) ?? [];
export const readTagKeys = (params: URLSearchParams) => memberList(params, 'TagKeys') ?? [];

const invalid = (message: string) => new CheckFailure('InvalidInput', message, 400);

function checkKey(key: string): void {
  if (key.length < 1 || key.length > 128 || !KEY.test(key)) throw invalid(`Invalid tag key ${key}: 1 to 128 Unicode letters, digits, white space or _.:/=+-@.`);
  if (/^aws:/i.test(key)) throw invalid('User-defined tag keys must not begin with aws:.');
}

/** Tags of TagRole / CreateRole: keys as IAM allows them, no key twice (keys are case-insensitive), at most 50 on the role. */
export function tagsValid(existing: (ctx: RoleCallContext) => Record<string, string>): Check<RoleCallContext> {
  return {
    name: 'tags',
    run(ctx) {
      const tags = readTags(ctx.params);
      const seen = new Set<string>();
      for (const { Key, Value } of tags) {
        checkKey(Key);
        if (Value.length > 256) throw invalid(`Invalid tag value for key ${Key}: at most 256 characters.`);
        if (seen.has(Key.toLowerCase())) throw invalid('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
        seen.add(Key.toLowerCase());
      }
      const kept = Object.keys(existing(ctx)).filter((k) => !seen.has(k.toLowerCase()));
      if (kept.length + tags.length > MAX_TAGS) throw new CheckFailure('LimitExceeded', 'The number of tags has reached the maximum limit.', 409);
    },
  };
}

/** The tags after TagRole: a key sent again (in any case) replaces the old one. */
export function mergeTags(tags: Record<string, string>, added: { Key: string; Value: string }[]): Record<string, string> {
  const lower = new Set(added.map((t) => t.Key.toLowerCase()));
  return { ...Object.fromEntries(Object.entries(tags).filter(([k]) => !lower.has(k.toLowerCase()))), ...Object.fromEntries(added.map((t) => [t.Key, t.Value])) };
}

export function withoutTags(tags: Record<string, string>, keys: string[]): Record<string, string> {
  const lower = new Set(keys.map((k) => k.toLowerCase()));
  return Object.fromEntries(Object.entries(tags).filter(([k]) => !lower.has(k.toLowerCase())));
}
