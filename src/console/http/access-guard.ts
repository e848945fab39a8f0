import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { publicHostNames } from '../../core/config/public-url.js';
import { ConsoleError, sendConsoleError } from './console-error.js';

export const TOKEN_COOKIE = 'fedlab_console_token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface AccessOptions {
  /** Loopback listeners check the Host header (no DNS rebinding); others require the token. */
  loopback: boolean;
  token?: string;
  /** The listener's port, known once it listens. */
  port: () => number;
  /** `console.publicUrl`: the balancer's origin, answered as the console's own Host and Origin. */
  publicUrl?: string;
}

function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

function cookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key !== name) continue;
    try {
      return decodeURIComponent(value.join('='));
    } catch {
      // A malformed percent-escape is no token at all (401), not the console's failure (500).
      return undefined;
    }
  }
  return undefined;
}

function presentedToken(req: Request): string | undefined {
  const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
  return bearer ?? cookie(req, TOKEN_COOKIE);
}

/**
 * Who may drive the console. Everything it does (mint tokens, delete credentials, inject faults)
 * is powerful, so: only its own Host on loopback, no cross-origin writes, and off loopback a token
 * (opened once as `/?token=…`, then kept in an HttpOnly SameSite=Strict cookie).
 */
export function accessGuard(options: AccessOptions) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const host = req.headers.host ?? '';
    if (options.loopback) {
      const port = options.port();
      const allowed = [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, ...(options.publicUrl ? publicHostNames(options.publicUrl) : [])];
      if (!allowed.includes(host.toLowerCase())) {
        return sendConsoleError(res, new ConsoleError(403, 'host_not_allowed', `the console answers only as ${allowed.join(', ')}`));
      }
    }
    const origin = req.headers.origin;
    if (!SAFE_METHODS.has(req.method) && origin !== undefined && origin !== `${req.protocol}://${host}` && origin !== options.publicUrl) {
      return sendConsoleError(res, new ConsoleError(403, 'cross_origin', 'the console accepts changes only from its own page'));
    }
    if (!options.token) return next();
    const offered = typeof req.query.token === 'string' ? req.query.token : undefined;
    if (offered !== undefined && req.method === 'GET' && sameSecret(offered, options.token)) {
      res.setHeader('Set-Cookie', `${TOKEN_COOKIE}=${encodeURIComponent(offered)}; HttpOnly; SameSite=Strict; Path=/`);
      res.redirect(303, req.path);
      return;
    }
    const presented = presentedToken(req);
    if (presented !== undefined && sameSecret(presented, options.token)) return next();
    sendConsoleError(res, new ConsoleError(401, 'token_required', 'this console is bound beyond loopback: open the URL with ?token=… printed by `fedlab start`'));
  };
}
