import { z } from 'zod';
import { parseBody } from '../../core/control/parse-body.js';
import { AADSTS } from '../errors/aadsts-catalogue.js';

/**
 * A token-endpoint fault: throttling (429 + Retry-After), an outage (503), or an error with a
 * chosen AADSTS code from fedlab's catalogue; optionally only for one tenant's token endpoint.
 */
const entraFaultSpecSchema = z
  .strictObject({
    target: z.literal('token'),
    kind: z.enum(['throttle', 'unavailable', 'error']),
    count: z.number().int().min(1).max(1_000_000).optional(),
    retryAfterSeconds: z.number().int().min(0).max(3600).optional(),
    code: z.number().int().optional(),
    tenant: z.string().min(1).optional(),
  })
  .superRefine((spec, ctx) => {
    if (spec.kind === 'error' && spec.code === undefined) ctx.addIssue({ code: 'custom', path: ['code'], message: 'required for kind "error"' });
    if (spec.code !== undefined && spec.kind !== 'error') ctx.addIssue({ code: 'custom', path: ['code'], message: 'only for kind "error"' });
    if (spec.code !== undefined && !(spec.code in AADSTS)) {
      ctx.addIssue({ code: 'custom', path: ['code'], message: `fedlab's catalogue has no AADSTS${spec.code}; known: ${Object.keys(AADSTS).join(', ')}` });
    }
    if (spec.retryAfterSeconds !== undefined && spec.kind === 'error') ctx.addIssue({ code: 'custom', path: ['retryAfterSeconds'], message: 'only for kinds "throttle" and "unavailable"' });
  })
  // Entra's client-credentials throttling answers Retry-After: 60.
  .transform((spec) => (spec.kind === 'throttle' ? { ...spec, retryAfterSeconds: spec.retryAfterSeconds ?? 60 } : spec));

export type EntraFaultSpec = z.output<typeof entraFaultSpecSchema>;
export type EntraFaultSpecInput = z.input<typeof entraFaultSpecSchema>;

export function parseEntraFaultSpec(body: unknown): EntraFaultSpec {
  return parseBody(entraFaultSpecSchema, body);
}
