import { z } from 'zod';
import { formatPath } from '../../core/config/load-config.js';
import { MAX_SECRET_VALUE_LENGTH, SECRET_NAME } from '../config.js';
import { badParameter, invalidName } from '../errors.js';
import type { VersionProperties } from '../secrets/secret-model.js';

/** Key Vault allows 15 tags per object. */
const MAX_TAGS = 15;

const tags = z
  .record(z.string().min(1).max(512), z.string().max(256))
  .refine((t) => Object.keys(t).length <= MAX_TAGS, `at most ${MAX_TAGS} tags`)
  .nullish();

// created, updated and recoveryLevel are read-only: sent back, they are ignored like Key Vault does.
const attributes = z
  .object({ enabled: z.boolean().nullish(), nbf: z.number().int().nullish(), exp: z.number().int().nullish() })
  .nullish();

const describedSecret = { contentType: z.string().max(255).nullish(), tags, attributes };

export const setSecretBody = z.object({
  value: z.string({ error: (issue) => (issue.input === undefined ? 'the secret value is required' : 'expected a string') }).max(MAX_SECRET_VALUE_LENGTH, `the secret value exceeds ${MAX_SECRET_VALUE_LENGTH} characters`),
  ...describedSecret,
});

export const updateSecretBody = z.object(describedSecret);

/** Validate a JSON body; a problem becomes BadParameter naming the property. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw badParameter('The request body must be a JSON object (Content-Type: application/json).');
  }
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw badParameter(`Invalid request body: ${formatPath(issue.path)}: ${issue.message}.`);
}

/** The writable properties of a parsed set or update body. */
export function versionProperties(body: z.output<typeof updateSecretBody>): VersionProperties {
  return {
    contentType: body.contentType ?? undefined,
    tags: body.tags ?? undefined,
    enabled: body.attributes?.enabled ?? undefined,
    nbf: body.attributes?.nbf ?? undefined,
    exp: body.attributes?.exp ?? undefined,
  };
}

/** The `{name}` path segment, checked as Key Vault checks object names. */
export function secretName(raw: string): string {
  if (!SECRET_NAME.test(raw)) throw invalidName(raw);
  return raw;
}
