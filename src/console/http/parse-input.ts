import type { z } from 'zod';
import { badInput } from './console-error.js';

/** Validate a request body (or params) against a schema; a mismatch is a 400 naming the field. */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const result = schema.safeParse(raw ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  throw badInput(`${where}${issue.message}`);
}
