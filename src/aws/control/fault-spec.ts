import { z } from 'zod';
import { ControlError } from '../../core/control/control-error.js';
import { parseBody } from '../../core/control/parse-body.js';
import type { AccountDirectory } from '../accounts/directory.js';

/**
 * An issuer fault of one account: its discovery document or its JWKS answers with an HTTP error,
 * never answers, answers late, answers broken JSON, or (JWKS only) leaves out the signing keys.
 */
const awsFaultSpecSchema = z
  .strictObject({
    target: z.enum(['discovery', 'jwks']),
    accountId: z.string().regex(/^\d{12}$/, 'expected a 12-digit account id'),
    kind: z.enum(['status', 'timeout', 'slow', 'malformed', 'missing-key']),
    status: z.number().int().min(400).max(599).optional(),
    delayMs: z.number().int().min(1).max(120_000).optional(),
    count: z.number().int().min(1).max(1_000_000).optional(),
  })
  .superRefine((spec, ctx) => {
    if (spec.status !== undefined && spec.kind !== 'status') ctx.addIssue({ code: 'custom', path: ['status'], message: 'only for kind "status"' });
    if (spec.kind === 'slow' && spec.delayMs === undefined) ctx.addIssue({ code: 'custom', path: ['delayMs'], message: 'required for kind "slow"' });
    if (spec.delayMs !== undefined && spec.kind !== 'slow') ctx.addIssue({ code: 'custom', path: ['delayMs'], message: 'only for kind "slow"' });
    if (spec.kind === 'missing-key' && spec.target !== 'jwks') ctx.addIssue({ code: 'custom', path: ['kind'], message: '"missing-key" only applies to target "jwks"' });
  })
  .transform((spec) => (spec.kind === 'status' ? { ...spec, status: spec.status ?? 500 } : spec));

export type AwsFaultSpec = z.output<typeof awsFaultSpecSchema>;
export type AwsFaultSpecInput = z.input<typeof awsFaultSpecSchema>;

export function awsFaultSpecParser(directory: AccountDirectory) {
  return (body: unknown): AwsFaultSpec => {
    const spec = parseBody(awsFaultSpecSchema, body);
    if (!directory.byId(spec.accountId)) throw new ControlError(404, 'NoSuchAccount', `no AWS account ${spec.accountId} in the configuration`);
    return spec;
  };
}
