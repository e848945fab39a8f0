import { z } from 'zod';
import { publicUrlSchema } from '../core/config/public-url.js';

/** The workshop console: a web page plus the backend that drives the parties over HTTP(S). */
export const consoleConfigSchema = z.strictObject({
  /** Loopback by default; on any other address every request needs the access token. */
  host: z.string().min(1).default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(4583),
  /** Behind a load balancer: the console URL people open. */
  publicUrl: publicUrlSchema({ httpsOnly: false }).optional(),
  /** Access token for a console bound beyond loopback (generated and printed at start when absent). */
  token: z.string().min(16, 'expected a console token of at least 16 characters').optional(),
});

export type ConsoleConfig = z.output<typeof consoleConfigSchema>;
export type ConsoleConfigInput = z.input<typeof consoleConfigSchema>;
