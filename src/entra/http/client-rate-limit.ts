import { aadstsMessage } from '../errors/aadsts-catalogue.js';
import type { EntraRuntime } from '../runtime.js';
import { sendEntraError } from './entra-error-response.js';
import type { TokenGate } from './token-request.js';

/** Windows are dropped once this many clients are tracked and theirs has ended (bounded memory). */
const MAX_TRACKED = 10_000;

/**
 * `entra.rateLimit`: at most `requests` token requests per client per window, counted whether they
 * succeed or fail. The client is the form's `client_id` when it is a single value, else the remote
 * address (never X-Forwarded-For: fedlab trusts no proxy). Over the limit: 429, `Retry-After`, and
 * Entra's throttling body (AADSTS90055), which msal honours.
 */
export function clientRateLimit(runtime: EntraRuntime): TokenGate {
  const limit = runtime.config.rateLimit;
  const windows = new Map<string, { start: number; count: number }>();
  return ({ req, res, form, ids }) => {
    if (!limit) return false;
    const now = runtime.ctx.clock.nowMs();
    const windowMs = limit.windowSeconds * 1000;
    const clientId = form.client_id;
    const key = typeof clientId === 'string' ? `client:${clientId.toLowerCase()}` : `address:${req.socket.remoteAddress ?? ''}`;
    let window = windows.get(key);
    if (!window || now - window.start >= windowMs) {
      if (!window && windows.size >= MAX_TRACKED) {
        for (const [k, w] of windows) if (now - w.start >= windowMs) windows.delete(k);
        while (windows.size >= MAX_TRACKED) windows.delete(windows.keys().next().value!);
      }
      window = { start: now, count: 0 };
      windows.set(key, window);
    }
    window.count++;
    if (window.count <= limit.requests) return false;
    res.setHeader('Retry-After', String(Math.max(1, Math.ceil((window.start + windowMs - now) / 1000))));
    sendEntraError(res, { status: 429, error: 'temporarily_unavailable', code: 90055, message: aadstsMessage(90055), ids, now: new Date(now), failedCheck: 'rate-limit' });
    return true;
  };
}
