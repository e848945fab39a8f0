import { randomBytes, timingSafeEqual, createHash } from 'node:crypto';
import { isIP } from 'node:net';
import type { NextFunction, Request, Response } from 'express';
import { classifyAddress } from '../fetch/address-policy.js';
import { sendControlError } from './control-error.js';

/**
 * A listener bound here can only be reached from this machine. The address is read as a URL
 * host (so `127.1` and `0x7f.1` are the loopback addresses they bind to) and classified by the
 * same rule as outbound fetches (IPv4-mapped and other embedding forms included).
 */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost') return true;
  let normalized = bare;
  try {
    normalized = new URL(`http://${bare.includes(':') ? `[${bare}]` : bare}/`).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return false;
  }
  return isIP(normalized) !== 0 && classifyAddress(normalized) === 'loopback';
}

/** A fresh admin token for `admin.token` when the config has none (printed once at start). */
export function generateAdminToken(): string {
  return `fedlab-admin-${randomBytes(24).toString('base64url')}`;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * `/_fedlab/*` is open on a loopback listener (only this machine reaches it); on any other
 * bind address it wants `Authorization: Bearer <admin.token>`, compared in constant time.
 */
export function adminAccess(host: string, token: string | undefined) {
  const open = isLoopbackHost(host);
  return (req: Request, res: Response, next: NextFunction): void => {
    if (open) return next();
    res.setHeader('Cache-Control', 'no-store');
    if (!token) return sendControlError(res, 403, 'AdminDisabled', `this listener is bound to ${host} and fedlab has no admin token; set admin.token in the configuration`);
    const presented = /^Bearer (.+)$/i.exec(req.header('authorization') ?? '')?.[1];
    if (!presented) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="fedlab-admin"');
      return sendControlError(res, 401, 'Unauthorized', `this listener is bound to ${host}: send Authorization: Bearer <admin.token>`);
    }
    if (!timingSafeEqual(digest(presented), digest(token))) return sendControlError(res, 403, 'Forbidden', 'the admin token does not match admin.token');
    next();
  };
}
