import type { ServerResponse } from 'node:http';

/**
 * JSON out in one string write, headers included. Express's `res.json` turns a body over 1 kB
 * (every token response) into a Buffer written after the headers: a second chunk, and over TLS
 * a second record, on the hottest path.
 */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(json));
  res.end(json);
}
