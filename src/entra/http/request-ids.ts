import { randomUUID } from 'node:crypto';
import type { Request } from 'express';

export interface RequestIds {
  /** Entra's own id for the request (x-ms-request-id, trace_id). */
  traceId: string;
  /** The client's `client-request-id` when it sent a GUID, else a fresh one. */
  correlationId: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function first(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** msal sends client-request-id in the query and the body; other clients send the header. */
export function requestIds(req: Request): RequestIds {
  const body = req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {};
  const offered = [first(req.query['client-request-id']), first(body['client-request-id']), req.header('client-request-id')].find((v) => v && GUID.test(v));
  return { traceId: randomUUID(), correlationId: offered ?? randomUUID() };
}
