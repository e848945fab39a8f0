import type { Request, Response } from 'express';
import { z } from 'zod';
import { parseInput } from '../http/parse-input.js';
import { findAccount, type ConsoleRuntime } from '../runtime.js';
import { fedlabControl, relay } from '../upstream/fedlab-control.js';
import { forgetIssuerCache } from '../upstream/forget-issuer-cache.js';

const input = z.strictObject({ retireOldAfterSeconds: z.number().int().min(0).max(86_400 * 365).optional() });

/** `POST /api/aws/accounts/:accountId/rotate-keys`: a new signing-key generation for the account's issuer (`/_fedlab/accounts/{id}/rotate-signing-keys`). */
export function rotateKeys(runtime: ConsoleRuntime) {
  return async (req: Request<{ accountId: string }>, res: Response): Promise<void> => {
    const body = parseInput(input, req.body);
    const account = findAccount(runtime, req.params.accountId);
    const answer = await fedlabControl(runtime, 'aws', 'POST', `/accounts/${account.id}/rotate-signing-keys`, body);
    // Entra would find the new kid only after its key-cache cooldown; the lab shows the new key at once.
    if (answer.status === 200) await forgetIssuerCache(runtime);
    relay(res, answer);
  };
}
