import type { ContextIndex } from './request.js';

/**
 * Policy variables (`${aws:username}`, `${aws:PrincipalTag/team}`, `${key, 'default'}`, and the
 * escapes `${*}`, `${?}`, `${$}`), only in Version 2012-10-17 documents, only single-valued keys.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 * Undefined when a variable cannot be resolved: the value then matches nothing.
 */
const VARIABLE = /\$\{([^}]*)\}/g;
const ESCAPES: Record<string, string> = { '*': '\u0000STAR', '?': '\u0000QM', $: '$' };

export function substitute(value: string, context: ContextIndex, enabled: boolean): string | undefined {
  if (!enabled || !value.includes('${')) return value;
  let unresolved = false;
  const out = value.replace(VARIABLE, (_, body: string) => {
    const inner = body.trim();
    if (inner in ESCAPES) return ESCAPES[inner]!;
    const [key, fallback] = splitDefault(inner);
    const found = context.get(key.toLowerCase());
    if (typeof found === 'string') return found;
    if (fallback !== undefined) return fallback;
    unresolved = true;
    return '';
  });
  return unresolved ? undefined : out;
}

function splitDefault(inner: string): [string, string | undefined] {
  const m = /^([^,]+?)\s*,\s*'([^']*)'$/.exec(inner);
  return m ? [m[1]!, m[2]!] : [inner, undefined];
}

/** Escaped wildcards stand for themselves once matching is done with a literal compare. */
export const hasEscapes = (value: string) => value.includes('\u0000');
export const unescape = (value: string) => value.replace(/\u0000STAR/g, '*').replace(/\u0000QM/g, '?');
