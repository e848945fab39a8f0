import type { Request, Response } from 'express';
import { z } from 'zod';
import { parseInput } from '../http/parse-input.js';
import type { ConsoleRuntime } from '../runtime.js';
import { ficPath, relayGraph } from '../upstream/graph-fics.js';

/** Shape only: Graph itself judges names, lengths, uniqueness and subject-vs-expression. */
export const ficInput = z.strictObject({
  name: z.string(),
  issuer: z.string(),
  subject: z.string().nullable().optional(),
  audiences: z.array(z.string()),
  description: z.string().nullable().optional(),
  claimsMatchingExpression: z.strictObject({ value: z.string(), languageVersion: z.literal(1) }).nullable().optional(),
});

/** `POST /api/graph/:tenantId/applications/:appId/fics`: Graph's create (201 with the credential). */
export function createFic(runtime: ConsoleRuntime) {
  return async (req: Request<{ tenantId: string; appId: string }>, res: Response): Promise<void> => {
    const fic = parseInput(ficInput, req.body);
    await relayGraph(runtime, res, req.params.tenantId, 'POST', ficPath(req.params.appId), fic);
  };
}
