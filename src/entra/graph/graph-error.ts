import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';

/**
 * A Microsoft Graph error: `{"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}`.
 * Codes and messages as Graph answers them (sources in docs/deviations-entra.md, "Graph-shaped API").
 */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Which of fedlab's checks refused the request (x-fedlab-failed-check). */
    readonly check: string,
    /** fedlab's own explanation, next to Graph's message (innerError.fedlabDetail). */
    readonly detail?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'GraphError';
  }
}

/** `Resource '{id}' does not exist or one of its queried reference-property objects are not present.` (404). */
export const resourceNotFound = (id: string, check = 'resource') =>
  new GraphError(404, 'Request_ResourceNotFound', `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`, check);

/** `Invalid value specified for property '{p}' of resource '{r}'.` (400 Request_BadRequest). */
export const invalidValue = (property: string, resource: string, detail?: string, check = 'request-body') =>
  new GraphError(400, 'Request_BadRequest', `Invalid value specified for property '${property}' of resource '${resource}'.`, check, detail);

export const invalidPayload = (detail?: string) =>
  new GraphError(400, 'BadRequest', 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.', 'request-body', detail);

export interface GraphRequestIds {
  requestId: string;
  clientRequestId: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Graph echoes the client's `client-request-id` (a GUID), else uses its own request id. */
export function graphRequestIds(req: Request, res: Response): GraphRequestIds {
  const held = res.locals.graphIds as GraphRequestIds | undefined;
  if (held) return held;
  const requestId = randomUUID();
  const offered = req.header('client-request-id');
  const ids = { requestId, clientRequestId: offered && GUID.test(offered) ? offered : requestId };
  res.locals.graphIds = ids;
  return ids;
}

/** The headers of every Graph answer. */
export function graphHeaders(req: Request, res: Response): void {
  const ids = graphRequestIds(req, res);
  res.setHeader('request-id', ids.requestId);
  res.setHeader('client-request-id', ids.clientRequestId);
  res.setHeader('OData-Version', '4.0');
  res.setHeader('Cache-Control', 'no-cache');
  res.setHeader('Strict-Transport-Security', 'max-age=31536000');
}

/** innerError.date: Graph's UTC time without fraction or zone designator (`2022-03-17T16:05:41`). */
const graphDate = (now: Date) => now.toISOString().slice(0, 19);

export function sendGraphError(req: Request, res: Response, error: GraphError, now: Date): void {
  graphHeaders(req, res);
  const ids = graphRequestIds(req, res);
  for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
  res.setHeader('x-fedlab-failed-check', error.check);
  res.status(error.status).json({
    error: {
      code: error.code,
      message: error.message,
      innerError: { date: graphDate(now), 'request-id': ids.requestId, 'client-request-id': ids.clientRequestId, ...(error.detail ? { fedlabDetail: error.detail } : {}) },
    },
  });
}
