import type { ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';

/** Headers every fedlab listener sends, as a careful real service would. */
export function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
}

export function securityHeaders(_req: Request, res: Response, next: NextFunction): void {
  setSecurityHeaders(res);
  next();
}

/** Token-bearing responses must never be cached (RFC 6749 §5.1). */
export function noStore(res: ServerResponse): void {
  res.setHeader('Cache-Control', 'no-store, no-cache');
  res.setHeader('Pragma', 'no-cache');
}

export function healthHandler(party: string) {
  return (_req: Request, res: Response): void => {
    res.json({ status: 'ok', party });
  };
}
