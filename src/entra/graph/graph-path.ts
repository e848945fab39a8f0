/** An application as the URL names it: `/applications/{id}` or `/applications(appId='{appId}')`. */
export interface ApplicationRef {
  by: 'id' | 'appId';
  value: string;
}

/** A credential as the URL names it: `/{id or name}`, or the alternate key `(name='{name}')`. */
export interface CredentialRef {
  by: 'idOrName' | 'name';
  value: string;
}

export type GraphTarget =
  | { kind: 'applications' }
  | { kind: 'application'; app: ApplicationRef }
  | { kind: 'credentials'; app: ApplicationRef }
  | { kind: 'credential'; app: ApplicationRef; credential: CredentialRef };

export type ParsedPath = { target: GraphTarget } | { badSegment: string };

/** OData key syntax: `name(key='value')`, a quote inside the value doubled. */
const KEYED = /^([A-Za-z]+)\(([A-Za-z]+)='((?:[^']|'')*)'\)$/;

function keyed(segment: string, entitySet: string, key: string): string | undefined {
  const match = KEYED.exec(segment);
  return match && match[1] === entitySet && match[2] === key ? match[3]!.replace(/''/g, "'") : undefined;
}

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** The path under `/v1.0`, or the first segment Graph would not find. */
export function parseGraphPath(path: string): ParsedPath {
  const raw = path.replace(/^\/+/, '').replace(/\/+$/, '').split('/');
  const segments = raw.map(decode);
  const bad = segments.findIndex((s) => s === undefined || s === '');
  if (bad >= 0) return { badSegment: raw[bad] ?? '' };
  const [first, second, third, fourth, ...rest] = segments as string[];

  let app: ApplicationRef | undefined;
  let next: string[];
  const byAppId = keyed(first!, 'applications', 'appId');
  if (byAppId !== undefined) {
    app = { by: 'appId', value: byAppId };
    next = [second, third, fourth, ...rest].filter((s): s is string => s !== undefined);
  } else if (first === 'applications') {
    if (second === undefined) return { target: { kind: 'applications' } };
    app = { by: 'id', value: second };
    next = [third, fourth, ...rest].filter((s): s is string => s !== undefined);
  } else return { badSegment: first! };

  const [collection, item, ...beyond] = next;
  if (collection === undefined) return { target: { kind: 'application', app } };
  const byName = keyed(collection, 'federatedIdentityCredentials', 'name');
  if (byName !== undefined) {
    if (item !== undefined) return { badSegment: item };
    return { target: { kind: 'credential', app, credential: { by: 'name', value: byName } } };
  }
  if (collection !== 'federatedIdentityCredentials') return { badSegment: collection };
  if (item === undefined) return { target: { kind: 'credentials', app } };
  if (beyond.length > 0) return { badSegment: beyond[0]! };
  return { target: { kind: 'credential', app, credential: { by: 'idOrName', value: item } } };
}
