import type { ClaimsExpression, Comparison } from './parser.js';
import { wildcardMatch } from './wildcard.js';

export interface Evaluation {
  matched: boolean;
  /** The first comparison that did not hold, when `matched` is false. */
  failed?: { comparison: Comparison; actual: unknown };
}

function lookup(claims: Record<string, unknown>, path: readonly string[]): unknown {
  let value: unknown = claims;
  for (const name of path) {
    if (!value || typeof value !== 'object' || Array.isArray(value) || !Object.hasOwn(value, name)) return undefined;
    value = (value as Record<string, unknown>)[name];
  }
  return value;
}

function holds(comparison: Comparison, value: unknown): boolean {
  // A string claim is compared as is; an array claim (AWS's ou_path) holds if one of its strings does.
  const candidates = typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  return candidates.some((candidate) =>
    comparison.operator === 'eq' ? candidate === comparison.value : wildcardMatch(comparison.value, candidate),
  );
}

/** Every comparison must hold (`and`); a missing or non-string claim never does. */
export function evaluateClaimsExpression(expression: ClaimsExpression, claims: Record<string, unknown>): Evaluation {
  for (const comparison of expression.comparisons) {
    const actual = lookup(claims, comparison.path);
    if (!holds(comparison, actual)) return { matched: false, failed: { comparison, actual } };
  }
  return { matched: true };
}
