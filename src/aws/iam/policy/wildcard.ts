/** IAM's `*` (any run) and `?` (one character) wildcards; everything else literal. */
const cache = new Map<string, RegExp>();

export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  if (pattern === '*') return true;
  if (!pattern.includes('*') && !pattern.includes('?')) return ignoreCase ? pattern.toLowerCase() === value.toLowerCase() : pattern === value;
  const key = (ignoreCase ? 'i' : 's') + pattern;
  let re = cache.get(key);
  if (!re) {
    const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    re = new RegExp(`^${body}$`, ignoreCase ? 'si' : 's');
    if (cache.size > 4096) cache.clear();
    cache.set(key, re);
  }
  return re.test(value);
}

/** ArnLike/ArnEquals: component-wise over the six `:` parts; the resource part keeps its colons. */
export function arnMatch(pattern: string, value: string): boolean {
  const p = pattern.split(':');
  const v = value.split(':');
  if (p.length < 6 || v.length < 6) return false;
  const parts = (a: string[]) => [...a.slice(0, 5), a.slice(5).join(':')];
  const pp = parts(p);
  const vv = parts(v);
  return pp.every((segment, i) => wildcardMatch(segment, vv[i]!));
}
