import { z } from 'zod';
import { publicUrlSchema } from '../core/config/public-url.js';

export const armConfigSchema = z.strictObject({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(4585),
  /** Behind a load balancer: the ARM endpoint clients use; https, as the Azure SDKs require. */
  publicUrl: publicUrlSchema({ httpsOnly: true }).optional(),
  /**
   * The Entra tenant every subscription belongs to: only its tokens are accepted, and managed
   * identities are created in it. Absent: the first tenant of the `entra` section.
   */
  tenant: z.guid({ message: 'expected the tenant id as a GUID like 8c1f6a52-3c0e-4f2e-9d51-6f0b1d2a7e10' }).optional(),
});

export type ArmConfig = z.output<typeof armConfigSchema>;
export type ArmConfigInput = z.input<typeof armConfigSchema>;
