import type { FedlabEvent } from '../core/events.js';

/**
 * The names a lab definition's `where` may use: every field of the event (dots reach into
 * objects, e.g. `assertion.sub`) plus a few friendlier names for what people look for.
 */
const ALIASES: Record<string, (event: FedlabEvent) => unknown> = {
  // token-minted carries the list; a goal asks for "the audience".
  audience: (e) => e.audiences,
  // exchange-accepted / exchange-rejected: the presented AWS token.
  issuer: (e) => (e.assertion as Record<string, unknown> | undefined)?.iss,
  subject: (e) => (e.assertion as Record<string, unknown> | undefined)?.sub,
  assertionAudience: (e) => (e.assertion as Record<string, unknown> | undefined)?.aud,
  alg: (e) => e.alg ?? (e.assertion as Record<string, unknown> | undefined)?.alg,
  kid: (e) => e.kid ?? (e.assertion as Record<string, unknown> | undefined)?.kid,
};

export function factOf(event: FedlabEvent, name: string): unknown {
  let value: unknown = event;
  for (const part of name.split('.')) {
    if (value === null || typeof value !== 'object') {
      value = undefined;
      break;
    }
    value = (value as Record<string, unknown>)[part];
  }
  if (value === undefined && name in ALIASES) return ALIASES[name]!(event);
  return value;
}
