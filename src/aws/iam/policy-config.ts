import { z } from 'zod';
import { MalformedPolicyError, parsePolicyDocument, policySize, type PolicyKind } from './policy/index.js';

/**
 * Policy documents in configuration: a YAML object or a JSON string, refused at load time exactly
 * where IAM's MalformedPolicyDocument would refuse it. Kept as the plain object (what GetRolePolicy
 * and the console show); the parsed form is cached by `parsedPolicy`.
 */

export type PolicyJson = Record<string, unknown>;

const parsed = new WeakMap<object, ReturnType<typeof parsePolicyDocument>>();

export function parsedPolicy(document: PolicyJson, kind: PolicyKind = 'identity') {
  let doc = parsed.get(document);
  if (!doc) {
    doc = parsePolicyDocument(document, kind);
    parsed.set(document, doc);
  }
  return doc;
}

export function policyDocumentField(kind: PolicyKind, maxChars = 6144) {
  return z
    .union([z.string(), z.record(z.string(), z.unknown())])
    .transform((value, ctx): PolicyJson => {
      let doc: unknown = value;
      if (typeof value === 'string') {
        try {
          doc = JSON.parse(value);
        } catch {
          ctx.addIssue({ code: 'custom', message: 'MalformedPolicyDocument: This policy contains invalid Json' });
          return z.NEVER;
        }
      }
      if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
        ctx.addIssue({ code: 'custom', message: 'MalformedPolicyDocument: Syntax errors in policy.' });
        return z.NEVER;
      }
      try {
        parsedPolicy(doc as PolicyJson, kind);
      } catch (error) {
        if (!(error instanceof MalformedPolicyError)) throw error;
        ctx.addIssue({ code: 'custom', message: `MalformedPolicyDocument: ${error.message}` });
        return z.NEVER;
      }
      const size = policySize(JSON.stringify(doc));
      if (size > maxChars) {
        ctx.addIssue({ code: 'custom', message: `LimitExceeded: Cannot exceed quota for PolicySize: ${maxChars}` });
        return z.NEVER;
      }
      return doc as PolicyJson;
    });
}

export const POLICY_ARN = /^arn:aws(-cn|-us-gov)?:iam::(aws|\d{12}):policy\/([\w+=,.@/-]+\/)?([\w+=,.@-]{1,128})$/;

export const policyArnField = z.string().regex(POLICY_ARN, 'expected a policy ARN like arn:aws:iam::111122223333:policy/name or arn:aws:iam::aws:policy/name');

/** SCP documents are limited to 5,120 characters (AWS Organizations quotas). */
export const organizationPolicySchema = z.strictObject({
  name: z.string().min(1).max(128),
  type: z.enum(['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY']),
  description: z.string().max(512).default(''),
  document: policyDocumentField('identity', 5120),
  targets: z.array(z.string().regex(/^(\d{12}|r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/, 'expected an account id, a root id (r-…) or an OU id (ou-…)')).default([]),
});

export type OrganizationPolicyConfig = z.output<typeof organizationPolicySchema>;
