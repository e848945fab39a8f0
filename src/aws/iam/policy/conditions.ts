import type { ConditionBlock } from './document.js';
import { asList, type ContextIndex } from './request.js';
import { hasEscapes, substitute, unescape } from './variables.js';
import { arnMatch, wildcardMatch } from './wildcard.js';

/**
 * Condition evaluation as AWS documents it: operators AND, keys AND, values OR; a key absent from
 * the request fails positive operators and satisfies negated ones; `...IfExists` passes absent
 * keys; `ForAnyValue:` needs one request value to match (absent → false), `ForAllValues:` needs
 * every request value to match (absent or empty → true); `Null` tests presence.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 */

type Compare = (policy: string, request: string) => boolean;

const num = (s: string) => (s.trim() === '' ? NaN : Number(s));
const date = (s: string) => (/^\d+$/.test(s) ? Number(s) * 1000 : Date.parse(s));
const numeric = (f: (a: number, b: number) => boolean): Compare => (p, r) => {
  const a = num(r);
  const b = num(p);
  return !Number.isNaN(a) && !Number.isNaN(b) && f(a, b);
};
const dated = (f: (a: number, b: number) => boolean): Compare => (p, r) => {
  const a = date(r);
  const b = date(p);
  return !Number.isNaN(a) && !Number.isNaN(b) && f(a, b);
};
const literal = (ignoreCase: boolean): Compare => (p, r) => (ignoreCase ? p.toLowerCase() === r.toLowerCase() : p === r);
const like: Compare = (p, r) => (hasEscapes(p) ? unescape(p) === r : wildcardMatch(p, r));

function ipv4(s: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((x) => x > 255)) return undefined;
  return parts.reduce((acc, x) => acc * 256 + x, 0);
}
const inCidr: Compare = (p, r) => {
  const [base, bits = '32'] = p.split('/');
  const a = ipv4(r);
  const b = ipv4(base!);
  const n = Number(bits);
  if (a === undefined || b === undefined || !(n >= 0 && n <= 32)) return false;
  const size = 2 ** (32 - n);
  return Math.floor(a / size) === Math.floor(b / size);
};

/** Positive comparison per base operator, and whether the operator is its negation. */
const OPERATORS: Record<string, { compare: Compare; negated: boolean }> = {
  StringEquals: { compare: literal(false), negated: false },
  StringNotEquals: { compare: literal(false), negated: true },
  StringEqualsIgnoreCase: { compare: literal(true), negated: false },
  StringNotEqualsIgnoreCase: { compare: literal(true), negated: true },
  StringLike: { compare: like, negated: false },
  StringNotLike: { compare: like, negated: true },
  NumericEquals: { compare: numeric((a, b) => a === b), negated: false },
  NumericNotEquals: { compare: numeric((a, b) => a === b), negated: true },
  NumericLessThan: { compare: numeric((a, b) => a < b), negated: false },
  NumericLessThanEquals: { compare: numeric((a, b) => a <= b), negated: false },
  NumericGreaterThan: { compare: numeric((a, b) => a > b), negated: false },
  NumericGreaterThanEquals: { compare: numeric((a, b) => a >= b), negated: false },
  DateEquals: { compare: dated((a, b) => a === b), negated: false },
  DateNotEquals: { compare: dated((a, b) => a === b), negated: true },
  DateLessThan: { compare: dated((a, b) => a < b), negated: false },
  DateLessThanEquals: { compare: dated((a, b) => a <= b), negated: false },
  DateGreaterThan: { compare: dated((a, b) => a > b), negated: false },
  DateGreaterThanEquals: { compare: dated((a, b) => a >= b), negated: false },
  Bool: { compare: literal(true), negated: false },
  BinaryEquals: { compare: literal(false), negated: false },
  IpAddress: { compare: inCidr, negated: false },
  NotIpAddress: { compare: inCidr, negated: true },
  ArnEquals: { compare: arnMatch, negated: false },
  ArnLike: { compare: arnMatch, negated: false },
  ArnNotEquals: { compare: arnMatch, negated: true },
  ArnNotLike: { compare: arnMatch, negated: true },
};

function evaluateKey(operator: string, key: string, policyValues: readonly string[], context: ContextIndex, variables: boolean): boolean {
  const present = context.get(key.toLowerCase());
  if (operator === 'Null') {
    const wantsAbsent = policyValues.some((v) => v.toLowerCase() === 'true');
    return wantsAbsent ? present === undefined : present !== undefined;
  }
  let base = operator;
  let qualifier: 'all' | 'any' | undefined;
  if (base.startsWith('ForAllValues:')) (qualifier = 'all'), (base = base.slice(13));
  else if (base.startsWith('ForAnyValue:')) (qualifier = 'any'), (base = base.slice(12));
  const ifExists = base.endsWith('IfExists');
  if (ifExists) base = base.slice(0, -8);
  const op = OPERATORS[base]!;
  if (present === undefined) {
    if (ifExists || qualifier === 'all') return true;
    if (qualifier === 'any') return false;
    return op.negated;
  }
  const values = policyValues.map((v) => substitute(v, context, variables)).filter((v): v is string => v !== undefined);
  const matchesAny = (r: string) => values.some((p) => op.compare(p, r));
  // Negated operators: a request value satisfies them when it matches none of the policy values.
  const satisfies = (r: string) => (op.negated ? !matchesAny(r) : matchesAny(r));
  const requestValues = asList(present);
  if (qualifier === 'all') return requestValues.every(satisfies);
  if (qualifier === 'any') return requestValues.some(satisfies);
  // Without a qualifier a multivalued key behaves as a set: positive needs one match, negated none.
  return op.negated ? requestValues.every(satisfies) : requestValues.some(satisfies);
}

export function conditionsHold(block: ConditionBlock, context: ContextIndex, variables: boolean): boolean {
  for (const operator in block) {
    const keys = block[operator]!;
    for (const key in keys) if (!evaluateKey(operator, key, keys[key]!, context, variables)) return false;
  }
  return true;
}
