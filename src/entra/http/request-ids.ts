import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface RequestIds {
  /** Entra's own id for the request (x-ms-request-id, trace_id). */
  traceId: string;
  /** The client's `client-request-id` when it sent a GUID, else a fresh one. */
  correlationId: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A query parameter sent exactly once (a repeated one counts as not sent). */
function queryParam(url: string | undefined, name: string): string | undefined {
  const start = url?.indexOf('?') ?? -1;
  if (start < 0) return undefined;
  const values = new URLSearchParams(url!.slice(start + 1)).getAll(name);
  return values.length === 1 ? values[0] : undefined;
}

/** msal sends client-request-id in the query and the body; other clients send the header. */
export function requestIds(req: IncomingMessage, form?: Record<string, unknown>): RequestIds {
  const fromBody = form?.['client-request-id'];
  const fromHeader = req.headers['client-request-id'];
  const offered = [queryParam(req.url, 'client-request-id'), typeof fromBody === 'string' ? fromBody : undefined, typeof fromHeader === 'string' ? fromHeader : undefined].find((v) => v && GUID.test(v));
  return { traceId: randomUUID(), correlationId: offered ?? randomUUID() };
}
