import type { NextFunction, Request, Response } from 'express';
import type { AwsRuntime } from '../runtime.js';

/** Resolve `/:issuerId/…` to its account (res.locals.account), or answer a JSON 404. */
export function withIssuer(party: AwsRuntime) {
  return (req: Request<{ issuerId: string }>, res: Response, next: NextFunction): void => {
    const account = party.directory.byIssuerId(req.params.issuerId);
    if (!account) {
      res.status(404).json({ error: 'not_found', message: `no issuer '${req.params.issuerId}' here` });
      return;
    }
    res.locals.account = account;
    next();
  };
}
