import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

/** A request Node's HTTP parser could not take, as a named check (what the `clientError` event reports). */
export interface ClientErrorRefusal {
  status: number;
  check: string;
  code: string;
  message: string;
}

const CLIENT_ERRORS: Record<string, ClientErrorRefusal> = {
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, check: 'request-timeout', code: 'RequestTimeout', message: 'the request did not arrive in time' },
  HPE_HEADER_OVERFLOW: { status: 431, check: 'header-size', code: 'RequestHeaderFieldsTooLarge', message: 'the request headers are larger than 16 KiB' },
};
const UNPARSABLE: ClientErrorRefusal = { status: 400, check: 'request-line', code: 'BadRequest', message: 'the request could not be parsed as HTTP/1.1' };

/** Node's client error as fedlab's refusal (a timeout is not a parse error). */
export function clientErrorRefusal(error: Error & { code?: string }): ClientErrorRefusal {
  return CLIENT_ERRORS[error.code ?? ''] ?? UNPARSABLE;
}

export interface RawAnswer {
  contentType: string;
  body: string;
  headers?: Record<string, string>;
}

/**
 * Answer on the bare socket (there is no request or response object) and close it. An answer
 * already under way cannot be followed by another one, and a client that reset the connection hears nothing.
 */
export function answerOnSocket(socket: Duplex, error: Error & { code?: string }, status: number, answer: RawAnswer): void {
  const underWay = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
  if (error.code === 'ECONNRESET' || !socket.writable || underWay) {
    socket.destroy();
    return;
  }
  const headers = { 'content-type': answer.contentType, ...answer.headers, 'content-length': String(Buffer.byteLength(answer.body)), connection: 'close' };
  const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${head}\r\n${answer.body}`);
}
