import type { NextFunction, Request, Response } from 'express';
import { sendControlError } from './control-error.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const JSON_TYPE = /^application\/json\s*(;|$)/i;

/**
 * Why a state-changing `/_fedlab/*` request is refused as cross-site, or undefined. A web page can
 * send a "simple" POST without a CORS preflight, but only with a form or text content type, so a
 * POST must say `application/json` (a preflight fedlab never grants). Browsers also say who sent
 * it: a foreign `Origin` or `Sec-Fetch-Site: cross-site|same-site` is refused on every method.
 */
export function crossSiteRefusal(req: Request): string | undefined {
  if (SAFE_METHODS.has(req.method)) return undefined;
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `${req.protocol}://${req.headers.host ?? ''}`) return `a request from the page ${JSON.stringify(origin.slice(0, 100))} may not change fedlab's state`;
  const site = req.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') return `a ${site} request from a web page may not change fedlab's state`;
  if (req.method === 'POST' && !JSON_TYPE.test(req.headers['content-type'] ?? '')) return 'a POST to /_fedlab/* needs Content-Type: application/json';
  return undefined;
}

export function crossSiteGate(req: Request, res: Response, next: NextFunction): void {
  const refusal = crossSiteRefusal(req);
  if (refusal === undefined) return next();
  res.setHeader('Cache-Control', 'no-store');
  sendControlError(res, 403, 'CrossSiteRequest', refusal);
}
