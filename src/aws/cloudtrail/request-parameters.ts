/** Parameters that are credentials or proofs: CloudTrail never shows them, nor does fedlab. */
const SECRET = /^(WebIdentityToken|SAMLAssertion|TokenCode|.*Password.*|.*Secret.*)$/;
/** Integer members that CloudTrail logs as JSON numbers. */
const NUMERIC = /(Seconds|MaxItems|MaxSessionDuration|MaxResults)$/;

/** Beyond this a list index is not a member any action takes: the parameter is left out. */
const MAX_INDEX = 1000;

const camel = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

type Node = Record<string, unknown> | unknown[];

function put(target: Node, segments: string[], value: unknown): void {
  const [head, ...rest] = segments as [string, ...string[]];
  const key: string | number = Array.isArray(target) ? Number(head) - 1 : camel(head);
  if (rest[0] === 'member' || rest[0] === 'entry') rest.shift();
  const slot = target as Record<string | number, unknown>;
  if (rest.length === 0) {
    slot[key] = value;
    return;
  }
  slot[key] ??= /^\d+$/.test(rest[0]!) ? [] : Object.create(null);
  // `Tags=x` next to `Tags.member.1.Key=y`: the first one read wins.
  if (typeof slot[key] !== 'object' || slot[key] === null) return;
  put(slot[key] as Node, rest, value);
}

/** Drop the holes a client's odd numbering (member.3 without member.2) leaves. */
function compact(node: unknown): unknown {
  if (Array.isArray(node)) return node.filter((v) => v !== undefined).map(compact);
  if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, compact(v)]));
  return node;
}

/**
 * An awsQuery request's parameters as CloudTrail's `requestParameters`: camelCase members,
 * `X.member.N` lists as arrays, secrets left out; null when there are none (GetCallerIdentity).
 */
export function requestParametersOf(params: URLSearchParams): Record<string, unknown> | null {
  const out: Record<string, unknown> = Object.create(null);
  for (const [name, value] of params) {
    if (name === 'Action' || name === 'Version' || SECRET.test(name.split('.')[0]!)) continue;
    const segments = name.split('.');
    // A list index is 1-based and small (awsQuery lists hold at most a few hundred members).
    if (segments.some((s, i) => i > 0 && /^\d+$/.test(s) && (Number(s) < 1 || Number(s) > MAX_INDEX))) continue;
    const numeric = NUMERIC.test(segments[segments.length - 1]!) && /^\d+$/.test(value);
    put(out, segments, numeric ? Number(value) : value);
  }
  return Object.keys(out).length === 0 ? null : (compact(out) as Record<string, unknown>);
}

function camelKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelKeys);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [camel(k), camelKeys(v)]));
  return value;
}

/** A JSON 1.1 request body as CloudTrail's `requestParameters`: the same members, camelCase; null when empty. */
export function jsonRequestParametersOf(input: Record<string, unknown>): Record<string, unknown> | null {
  return Object.keys(input).length === 0 ? null : (camelKeys(input) as Record<string, unknown>);
}
