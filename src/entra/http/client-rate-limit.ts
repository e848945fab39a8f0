import { createHash } from 'node:crypto';
import { evictionNotice, type EvictionNotice } from '../../core/bounds/eviction-notice.js';
import { SharedStoreUnavailable } from '../../core/shared/shared-store.js';
import { aadstsMessage } from '../errors/aadsts-catalogue.js';
import type { EntraRuntime } from '../runtime.js';
import { sendEntraError } from './entra-error-response.js';
import type { TokenGate, TokenRequest } from './token-request.js';
import { announceGateRefusal } from './announce-gate-refusal.js';

/** Windows are dropped once this many clients are tracked and theirs has ended (bounded memory). */
export const MAX_TRACKED = 10_000;

type Window = { startMs: number; count: number };
type HitWindow = (key: string, windowMs: number, now: number) => Window | Promise<Window>;

/** The embedded default: this process's own windows, in bounded memory. */
function memoryWindows(onEvict: EvictionNotice): HitWindow {
  const windows = new Map<string, Window>();
  return (key, windowMs, now) => {
    let window = windows.get(key);
    if (!window || now - window.startMs >= windowMs) {
      if (!window && windows.size >= MAX_TRACKED) {
        for (const [k, w] of windows) if (now - w.startMs >= windowMs) windows.delete(k);
        let evicted = 0;
        for (; windows.size >= MAX_TRACKED; evicted++) windows.delete(windows.keys().next().value!);
        if (evicted > 0) onEvict(evicted);
      }
      window = { startMs: now, count: 0 };
      windows.set(key, window);
    }
    window.count++;
    return { ...window };
  };
}

/**
 * `entra.rateLimit`: at most `requests` token requests per client per window, counted whether they
 * succeed or fail. The client is the form's `client_id` when it is a single value, else the remote
 * address (never X-Forwarded-For: fedlab trusts no proxy). Over the limit: 429, `Retry-After`, and
 * Entra's throttling body (AADSTS90055), which msal honours. With `--store` the windows are the
 * replicas' shared ones (one limit for all replicas); while the store is unreachable: 503
 * AADSTS90033 with `Retry-After`.
 */
export function clientRateLimit(runtime: EntraRuntime): TokenGate {
  const limit = runtime.config.rateLimit;
  const shared = runtime.ctx.sharedStore;
  const hit: HitWindow = shared ? (key, windowMs, now) => shared.hitWindow(`entra:rate:${key}`, windowMs, now) : memoryWindows(evictionNotice(runtime.ctx.logger, 'the rate-limit windows', `${MAX_TRACKED} clients`));
  return (request) => {
    if (!limit) return false;
    const { req, form } = request;
    const now = runtime.ctx.clock.nowMs();
    const windowMs = limit.windowSeconds * 1000;
    const clientId = form.client_id;
    const key = typeof clientId === 'string' ? `client:${boundedKey(clientId.toLowerCase())}` : `address:${req.socket.remoteAddress ?? ''}`;
    const window = hit(key, windowMs, now);
    if (!(window instanceof Promise)) return answer(runtime, request, window, limit.requests, windowMs, now);
    return window.then(
      (counted) => answer(runtime, request, counted, limit.requests, windowMs, now),
      (error: unknown) => {
        if (!(error instanceof SharedStoreUnavailable)) throw error;
        runtime.ctx.events.publish({ party: 'entra', type: 'store-unavailable', store: error.location, detail: error.message, failedCheck: 'rate-limit' });
        request.res.setHeader('Retry-After', String(error.retryAfterSeconds));
        sendEntraError(request.res, { status: 503, error: 'temporarily_unavailable', code: 90033, message: aadstsMessage(90033), ids: request.ids, now: new Date(now), failedCheck: 'rate-limit' });
        return true;
      },
    );
  };
}

/** A client_id is the caller's choice (up to the form's 64 KiB): long ones are tracked by their digest. */
const boundedKey = (clientId: string) => (clientId.length <= 64 ? clientId : `sha256:${createHash('sha256').update(clientId).digest('base64url')}`);

function answer(runtime: EntraRuntime, request: TokenRequest, window: Window, requests: number, windowMs: number, now: number): boolean {
  if (window.count <= requests) return false;
  const { res, ids } = request;
  const retryAfterSeconds = Math.max(1, Math.ceil((window.startMs + windowMs - now) / 1000));
  res.setHeader('Retry-After', String(retryAfterSeconds));
  announceGateRefusal(runtime, request, { status: 429, code: 90055, failedCheck: 'rate-limit', retryAfterSeconds });
  sendEntraError(res, { status: 429, error: 'temporarily_unavailable', code: 90055, message: aadstsMessage(90055), ids, now: new Date(now), failedCheck: 'rate-limit' });
  return true;
}
