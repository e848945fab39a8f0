import { CheckFailure, runChecks, type Check } from '../../core/checks.js';
import { SIGNING_ALGORITHMS, type SigningAlgorithm } from '../../core/keys/signing-key.js';
import type { MintContext } from './mint-context.js';
import { DEFAULT_DURATION_SECONDS, type SubjectMode, type TokenRequestInput } from './token-request.js';

/*
 * The API model's constraints on GetWebIdentityToken. AWS checks all of them and reports every
 * violation in one ValidationError ("2 validation errors detected: …; …"), so each rule below is
 * a named check and the composite runs them all.
 */

const SUBJECT_MODES: readonly SubjectMode[] = ['AWSIdentity', 'OriginIdentity'];
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const TAG_KEY_SOURCE = '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+';
const TAG_VALUE_SOURCE = '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*';

/** Lengths count characters (code points), not UTF-16 units. */
const length = (text: string) => [...text].length;

function violation(value: string | null, member: string, constraint: string): string {
  return `Value ${value === null ? 'null' : `'${value}'`} at '${member}' failed to satisfy constraint: ${constraint}`;
}

function lengthViolation(value: string, member: string, min: number, max: number): string | undefined {
  if (length(value) < min) return violation(value, member, `Member must have length greater than or equal to ${min}`);
  if (length(value) > max) return violation(value, member, `Member must have length less than or equal to ${max}`);
  return undefined;
}

function constraint(name: string, find: (input: TokenRequestInput) => (string | undefined)[]): Check<TokenRequestInput> {
  return {
    name,
    run(input) {
      const violations = find(input).filter((v): v is string => v !== undefined);
      if (violations.length > 0) throw new CheckFailure('ValidationError', violations.join('; '), 400, { violations });
    },
  };
}

const listValue = (items: string[]) => `[${items.join(', ')}]`;
const tagsValue = (tags: { key?: string; value?: string }[]) => listValue(tags.map((t) => `Tag(key=${t.key ?? 'null'}, value=${t.value ?? 'null'})`));

export const CONSTRAINTS: readonly Check<TokenRequestInput>[] = [
  constraint('audience-required', ({ audience }) => [audience === undefined ? violation(null, 'audience', 'Member must not be null') : undefined]),
  constraint('audience-count', ({ audience }) => [
    audience && audience.length < 1 ? violation(listValue(audience), 'audience', 'Member must have length greater than or equal to 1') : undefined,
    audience && audience.length > 10 ? violation(listValue(audience), 'audience', 'Member must have length less than or equal to 10') : undefined,
  ]),
  constraint('audience-length', ({ audience }) => (audience ?? []).map((a, i) => lengthViolation(a, `audience.${i + 1}.member`, 1, 1000))),
  constraint('signing-algorithm', ({ signingAlgorithm: alg }) => [
    alg === undefined
      ? violation(null, 'signingAlgorithm', 'Member must not be null')
      : !SIGNING_ALGORITHMS.includes(alg as SigningAlgorithm)
        ? violation(alg, 'signingAlgorithm', `Member must satisfy enum value set: ${listValue([...SIGNING_ALGORITHMS])}`)
        : undefined,
  ]),
  constraint('duration-seconds', ({ durationSeconds: raw }) => {
    if (raw === undefined) return [];
    if (!/^-?\d{1,10}$/.test(raw)) return [violation(raw, 'durationSeconds', 'Member must be an integer')];
    const seconds = Number(raw);
    if (seconds < 60) return [violation(raw, 'durationSeconds', 'Member must have value greater than or equal to 60')];
    if (seconds > 3600) return [violation(raw, 'durationSeconds', 'Member must have value less than or equal to 3600')];
    return [];
  }),
  constraint('tag-count', ({ tags }) => [tags && tags.length > 50 ? violation(tagsValue(tags), 'tags', 'Member must have length less than or equal to 50') : undefined]),
  constraint('tag-key', ({ tags }) =>
    (tags ?? []).flatMap(({ key }, i) => {
      const member = `tags.${i + 1}.member.key`;
      if (key === undefined) return [violation(null, member, 'Member must not be null')];
      return [lengthViolation(key, member, 1, 128), key && !TAG_KEY.test(key) ? violation(key, member, `Member must satisfy regular expression pattern: ${TAG_KEY_SOURCE}`) : undefined];
    }),
  ),
  constraint('tag-value', ({ tags }) =>
    (tags ?? []).flatMap(({ value }, i) => {
      const member = `tags.${i + 1}.member.value`;
      if (value === undefined) return [violation(null, member, 'Member must not be null')];
      return [lengthViolation(value, member, 0, 256), !TAG_VALUE.test(value) ? violation(value, member, `Member must satisfy regular expression pattern: ${TAG_VALUE_SOURCE}`) : undefined];
    }),
  ),
  constraint('subject-mode', ({ subjectMode }) => [
    subjectMode !== undefined && !SUBJECT_MODES.includes(subjectMode as SubjectMode)
      ? violation(subjectMode, 'subjectMode', `Member must satisfy enum value set: ${listValue([...SUBJECT_MODES])}`)
      : undefined,
  ]),
];

/** Every model constraint, reported together; on success the request is normalized with defaults. */
export const inputConstraints: Check<MintContext> = {
  name: 'input-constraints',
  async run(ctx) {
    const failedChecks: string[] = [];
    const violations: string[] = [];
    for (const check of CONSTRAINTS) {
      const run = await runChecks([check], ctx.input);
      if (run.ok) continue;
      failedChecks.push(run.failedCheck!);
      violations.push(...(run.failure!.extra.violations as string[]));
    }
    if (violations.length > 0) {
      const count = `${violations.length} validation error${violations.length > 1 ? 's' : ''} detected`;
      throw new CheckFailure('ValidationError', `${count}: ${violations.join('; ')}`, 400, { failedChecks });
    }
    const { input } = ctx;
    ctx.request = {
      audiences: input.audience!,
      algorithm: input.signingAlgorithm as SigningAlgorithm,
      durationSeconds: input.durationSeconds === undefined ? DEFAULT_DURATION_SECONDS : Number(input.durationSeconds),
      tags: (input.tags ?? []).map((t) => [t.key!, t.value!]),
      subjectMode: (input.subjectMode as SubjectMode | undefined) ?? 'AWSIdentity',
      ...(input.scope !== undefined ? { scope: input.scope } : {}),
    };
  },
};
