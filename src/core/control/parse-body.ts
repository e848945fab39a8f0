import type { z } from 'zod';
import { ControlError } from './control-error.js';

/** Validate a JSON request body; problems are named by their key path (`delayMs: expected ...`). */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message));
  throw new ControlError(400, 'InvalidRequest', problems.join('; '));
}
