import { z } from 'zod';

/**
 * `admin:` in the configuration. The token guards `/_fedlab/*` on listeners bound to a
 * non-loopback address; when absent there, fedlab generates one and prints it at start.
 */
export const adminConfigSchema = z.strictObject({
  token: z.string().min(16, 'expected an admin token of at least 16 characters').optional(),
});

export type AdminConfig = z.output<typeof adminConfigSchema>;
