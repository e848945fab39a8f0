import type { Matcher } from './definition.js';
import { expand, type TemplateValues } from './template.js';

type Scalar = string | number | boolean | null;

/** A scalar expectation against one value (templates expand to the attendee's identifiers). */
function equals(value: unknown, expected: Scalar, vars: TemplateValues): boolean {
  if (Array.isArray(value)) return value.some((member) => equals(member, expected, vars));
  if (typeof expected === 'string') return typeof value === 'string' || typeof value === 'number' ? expand(expected, vars).includes(String(value)) : false;
  if (expected === null) return value === null;
  return value === expected || (typeof value === 'string' && value === String(expected));
}

export function matches(value: unknown, matcher: Matcher, vars: TemplateValues): boolean {
  if (matcher === null || typeof matcher !== 'object') return equals(value, matcher, vars);
  if ('in' in matcher) return matcher.in.some((expected) => equals(value, expected, vars));
  if ('not' in matcher) return !equals(value, matcher.not, vars);
  if ('matches' in matcher) {
    const pattern = new RegExp(matcher.matches);
    const values = Array.isArray(value) ? value : [value];
    return values.some((v) => (typeof v === 'string' || typeof v === 'number') && pattern.test(String(v)));
  }
  return (value !== undefined && value !== null) === matcher.exists;
}
