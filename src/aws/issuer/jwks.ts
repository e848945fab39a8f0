import type { Request, Response } from 'express';
import type { Account } from '../accounts/account.js';
import type { AwsRuntime } from '../runtime.js';

/** `GET {iss}/.well-known/jwks.json`: every unretired key generation, served whether or not federation is enabled. */
export function jwks(party: AwsRuntime) {
  return (_req: Request, res: Response): void => {
    const account = res.locals.account as Account;
    res.json(account.keys.jwks(party.ctx.clock.now()));
  };
}
