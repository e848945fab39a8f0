/** Longest string kept in an event or a trace (a subject, a claim, a message): longer ones are cut. */
export const MAX_FIELD_CHARS = 2048;
/** Longest array kept (an `aud` list, a trace): the rest is replaced by a count. */
export const MAX_ARRAY_ITEMS = 256;
const MAX_DEPTH = 16;

const cut = (s: string) => `${s.slice(0, MAX_FIELD_CHARS)}…[${s.length - MAX_FIELD_CHARS} more characters]`;

/**
 * The value with attacker-sized parts cut down: long strings, long arrays, deep nesting. Returns the
 * same object when nothing needed cutting, so the common case copies nothing.
 */
export function truncateFields<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return (value.length > MAX_FIELD_CHARS ? cut(value) : value) as T;
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[nested too deep]' as T;
  if (Array.isArray(value)) {
    const items = value.length > MAX_ARRAY_ITEMS ? [...value.slice(0, MAX_ARRAY_ITEMS), `…[${value.length - MAX_ARRAY_ITEMS} more items]`] : value;
    let changed = items !== value;
    const out = items.map((item) => {
      const t = truncateFields(item, depth + 1);
      if (t !== item) changed = true;
      return t;
    });
    return (changed ? out : value) as T;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return value;
  let out: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    const t = truncateFields(item, depth + 1);
    if (t !== item) (out ??= { ...(value as Record<string, unknown>) })[key] = t;
  }
  return (out ?? value) as T;
}
