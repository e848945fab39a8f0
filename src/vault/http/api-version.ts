import type { RequestHandler, Response } from 'express';
import { badParameter } from '../errors.js';
import type { Reject } from './rejection.js';

/** The data-plane versions @azure/keyvault-secrets knows, plus the older GA ones. */
export const SUPPORTED_API_VERSIONS: readonly string[] = ['2016-10-01', '7.0', '7.1', '7.2', '7.3', '7.4', '7.5', '7.6-preview.2', '7.6', '2025-07-01', '2026-04-01'];
export const LATEST_API_VERSION = '2026-04-01';

/** Every Key Vault request names its api-version in the query string. */
export function requireApiVersion(reject: Reject): RequestHandler {
  return (req, res, next) => {
    const requested = req.query['api-version'];
    if (requested === undefined) {
      return reject(req, res, badParameter(`The api-version query parameter is missing. Consider using the latest supported version (${LATEST_API_VERSION}).`), 'api-version');
    }
    if (typeof requested !== 'string' || !SUPPORTED_API_VERSIONS.includes(requested)) {
      return reject(req, res, badParameter(`The specified version (${String(requested)}) is not recognized. Consider using the latest supported version (${LATEST_API_VERSION}).`), 'api-version');
    }
    res.locals.apiVersion = requested;
    next();
  };
}

export const apiVersionOf = (res: Response): string => res.locals.apiVersion as string;
