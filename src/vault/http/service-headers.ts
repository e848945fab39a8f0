import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { noStore } from '../../core/http/common-middleware.js';

/** Headers Key Vault puts on every response; secrets are never cacheable. */
export function serviceHeaders(location: string): RequestHandler {
  return (_req, res, next) => {
    noStore(res);
    res.setHeader('Expires', '-1');
    res.setHeader('x-ms-request-id', randomUUID());
    res.setHeader('x-ms-keyvault-region', location);
    next();
  };
}
