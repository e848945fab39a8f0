import type { Request, Response } from 'express';
import { z } from 'zod';
import { parseBody } from '../../../core/control/parse-body.js';
import { requireAccount } from '../../accounts/principal-admin.js';
import { rotateAccountKeys, RotationRateExceeded } from '../../accounts/rotate-keys.js';
import type { AwsRuntime } from '../../runtime.js';

const rotateBody = z.strictObject({
  retireOldAfterSeconds: z.number().int().min(0).max(366 * 24 * 3600).optional(),
});

/** `POST /_fedlab/accounts/{accountId}/rotate-signing-keys` `{retireOldAfterSeconds?}` → 200 `{kids}`; over the rotation rate 429 `TooManyRotations` with Retry-After. */
export function rotateSigningKeysEndpoint(party: AwsRuntime) {
  return async (req: Request<{ accountId: string }>, res: Response): Promise<void> => {
    const account = requireAccount(party, req.params.accountId);
    const options = parseBody(rotateBody, req.body);
    try {
      res.json(await rotateAccountKeys(party, account, options));
    } catch (error) {
      if (error instanceof RotationRateExceeded) res.setHeader('Retry-After', String(error.retryAfterSeconds));
      throw error;
    }
  };
}
