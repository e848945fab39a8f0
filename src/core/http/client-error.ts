/** What the client got wrong, as far as the HTTP layer (body-parser, the router) can tell. */
export interface ClientFault {
  status: number;
  kind: 'body-too-large' | 'body-not-json' | 'body-unreadable' | 'path-undecodable';
  message: string;
}

interface HttpLayerError {
  status?: unknown;
  type?: unknown;
  message?: unknown;
}

/**
 * Classifies an error thrown before any fedlab code ran. Body-parser marks its own with a `type`,
 * but a broken gzip stream or a path with `%ZZ` in a parameter only carries a 4xx `status`: those
 * are the client's mistakes too, never a 500.
 */
export function clientFaultOf(error: unknown): ClientFault | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const { status, type, message } = error as HttpLayerError;
  if (typeof status !== 'number' || status < 400 || status > 499) return undefined;
  const text = typeof message === 'string' ? message : 'bad request';
  if (status === 413 || type === 'entity.too.large' || type === 'parameters.too.many') return { status: 413, kind: 'body-too-large', message: text };
  if (type === 'entity.parse.failed') return { status: 400, kind: 'body-not-json', message: text };
  if (typeof type !== 'string' && text.startsWith('Failed to decode param')) return { status: 400, kind: 'path-undecodable', message: text };
  return { status: status === 415 ? 415 : 400, kind: 'body-unreadable', message: text };
}
