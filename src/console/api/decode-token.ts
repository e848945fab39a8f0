import type { Request, Response } from 'express';
import { z } from 'zod';
import { noStore } from '../../core/http/common-middleware.js';
import { parseInput } from '../http/parse-input.js';
import type { ConsoleRuntime } from '../runtime.js';
import { describeToken } from '../tokens/describe-token.js';
import { verifyToken } from '../tokens/verify-token.js';

const input = z.strictObject({ token: z.string().trim().min(1, 'paste a JWT').max(16_384) });

/** `POST /api/decode`: any JWT decoded, and verified when one of fedlab's issuers signed it. */
export function decodeToken(runtime: ConsoleRuntime) {
  return async (req: Request, res: Response): Promise<void> => {
    const { token } = parseInput(input, req.body);
    const described = describeToken(token, runtime.clock.nowSeconds());
    const verification = await verifyToken(runtime, token);
    noStore(res);
    res.json({ ...described, verification, now: runtime.clock.now().toISOString() });
  };
}
