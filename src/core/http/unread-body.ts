import type { IncomingMessage } from 'node:http';

/** What a route that reads no body still takes from a client before refusing it (the `/_fedlab` JSON limit). */
export const UNREAD_BODY_LIMIT_BYTES = 64 * 1024;

/**
 * For routes that never read a body (IMDS, the container credentials endpoint, the proxy's own
 * status route): resolves `true` once a body of at most `limit` bytes has been drained, `false` as
 * soon as it is known to be larger (a declared `Content-Length` is judged before reading anything),
 * so a client cannot make the listener drain megabytes it never uses.
 */
export function drainBodyWithin(req: IncomingMessage, limit = UNREAD_BODY_LIMIT_BYTES): Promise<boolean> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) return Promise.resolve(false);
  if (req.complete) return Promise.resolve(true);
  return new Promise((resolve) => {
    let seen = 0;
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen <= limit) return;
      req.off('data', onData).pause();
      resolve(false);
    };
    req.on('data', onData).once('end', () => resolve(true)).once('error', () => resolve(false));
  });
}
