import type { Server } from 'node:http';

/** A whole request (headers and body) must arrive within this, so a slow client cannot hold a socket. */
export const REQUEST_TIMEOUT_MS = 30_000;
/** The headers must arrive within this (slowloris: headers sent byte by byte). */
export const HEADERS_TIMEOUT_MS = 20_000;
/**
 * How often Node looks for requests past their bound (its default is 30 s, which would let a
 * slow client hold a socket up to 30 s beyond the bound): a request is cut off within a second of it.
 */
export const TIMEOUT_CHECK_INTERVAL_MS = 1_000;

export interface RequestTimeouts {
  requestTimeout: number;
  headersTimeout: number;
  connectionsCheckingInterval: number;
}

/** The options every fedlab HTTP(S) server is created with; `requestTimeoutMs` shortens both bounds. */
export function requestTimeouts(requestTimeoutMs = REQUEST_TIMEOUT_MS): RequestTimeouts {
  return {
    requestTimeout: requestTimeoutMs,
    headersTimeout: Math.min(requestTimeoutMs, HEADERS_TIMEOUT_MS),
    connectionsCheckingInterval: Math.min(TIMEOUT_CHECK_INTERVAL_MS, requestTimeoutMs),
  };
}

/**
 * Node enforces `requestTimeout` and `headersTimeout` only for servers that emitted `listening`.
 * A server that is handed its sockets by another one (the proxy's) never listens itself, so it
 * starts the checks here; `server.close()` stops them.
 */
export function enforceTimeoutsWithoutListening(server: Server): void {
  server.emit('listening');
}
