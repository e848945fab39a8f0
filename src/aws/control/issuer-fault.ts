import type { NextFunction, Request, Response } from 'express';
import { SIGNING_ALGORITHMS } from '../../core/keys/signing-key.js';
import type { Account } from '../accounts/account.js';
import type { AwsRuntime } from '../runtime.js';

/**
 * Before discovery or JWKS: act out the first injected fault for this account and document.
 * `timeout` never answers (the client's own timeout ends it; closing fedlab closes the socket).
 */
export function issuerFault(party: AwsRuntime, target: 'discovery' | 'jwks') {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const account = res.locals.account as Account;
    const fault = await party.faults.consume((f) => f.target === target && f.accountId === account.id, { target, accountId: account.id, path: req.path });
    if (!fault) return next();
    switch (fault.kind) {
      case 'status':
        res.status(fault.status!).json({ error: 'fedlab_fault', message: `injected by fault ${fault.id}` });
        return;
      case 'timeout':
        return;
      case 'slow': {
        const timer = setTimeout(next, fault.delayMs);
        res.on('close', () => clearTimeout(timer));
        return;
      }
      case 'malformed':
        res.status(200).type('application/json').send(`{"issuer":"${account.issuerUrl}","jwks_uri":`);
        return;
      case 'missing-key': {
        const signing = new Set(SIGNING_ALGORITHMS.map((alg) => account.keys.signingKey(alg).kid));
        res.json({ keys: account.keys.jwks(party.ctx.clock.now()).keys.filter((key) => !signing.has(key.kid!)) });
        return;
      }
    }
  };
}
