/**
 * The awsQuery form body. URLSearchParams decodes both `%20` and `+` (the JS SDK sends the
 * first, other clients the second). A body that is not a form yields no parameters at all.
 */
export function parseFormBody(body: Buffer, contentType: string | undefined): URLSearchParams {
  const mediaType = (contentType ?? 'application/x-www-form-urlencoded').split(';')[0]!.trim().toLowerCase();
  if (mediaType !== 'application/x-www-form-urlencoded') return new URLSearchParams();
  return new URLSearchParams(body.toString('utf8'));
}

/** awsQuery parameters from the query string (how GET sends them), then the form body's. */
export function queryParameters(originalUrl: string, formBody: URLSearchParams): URLSearchParams {
  const query = new URL(originalUrl, 'http://fedlab.invalid').searchParams;
  return query.size === 0 ? formBody : new URLSearchParams([...query, ...formBody]);
}

/**
 * `Name.member.N` (1-based) in index order. `undefined` when the member is absent; an empty
 * list when it is sent as `Name=` (how the SDK serializes an empty list).
 */
export function memberList(params: URLSearchParams, name: string): string[] | undefined {
  return structList(params, name, (prefix) => params.get(prefix) ?? '');
}

/** `Name.member.N.Field` structures, each built by `read(prefix)` with prefix `Name.member.N`. */
export function structList<T>(params: URLSearchParams, name: string, read: (prefix: string) => T): T[] | undefined {
  const member = new RegExp(`^${name}\\.member\\.([1-9]\\d{0,3})(?:\\.|$)`);
  const indexes = new Set<number>();
  for (const key of params.keys()) {
    const match = member.exec(key);
    if (match) indexes.add(Number(match[1]));
  }
  if (indexes.size === 0) return params.has(name) ? [] : undefined;
  return [...indexes].sort((a, b) => a - b).map((n) => read(`${name}.member.${n}`));
}
