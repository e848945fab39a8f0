import type { Request } from 'express';
import type { ReceivedRequest } from './expected-signature.js';

/** The request as SigV4 sees it: method, path, decoded query, headers and the raw body. */
export function receivedRequest(req: Request, body: Buffer): ReceivedRequest {
  const url = new URL(req.originalUrl, 'http://fedlab.invalid');
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    query[key] = values.length === 1 ? values[0]! : values;
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return { method: req.method, path: url.pathname, query, headers, body };
}
