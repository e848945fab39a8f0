import { CheckFailure, type Check } from '../../core/checks.js';
import { MalformedPolicyError, policySize, type PolicyKind } from './policy/index.js';
import { parsedPolicy, type PolicyJson } from './policy-config.js';

const validation = (message: string) => new CheckFailure('ValidationError', `1 validation error detected: ${message}`, 400);

/** A size quota: the largest document (whitespace outside strings not counted) and IAM's LimitExceeded text. */
export interface DocumentQuota {
  maxChars: number;
  message: string;
}

/**
 * A policy document parameter as IAM reads it: present, JSON, a valid document of its kind
 * (MalformedPolicyDocument with IAM's message otherwise), within its quota (LimitExceeded).
 */
export function policyDocumentCheck<C extends { params: URLSearchParams }>(param: string, kind: PolicyKind, quota: DocumentQuota, keep: (ctx: C, doc: PolicyJson) => void): Check<C> {
  return {
    name: kind === 'resource' ? 'trust-policy' : 'policy-document',
    run(ctx) {
      const text = ctx.params.get(param);
      const member = param.charAt(0).toLowerCase() + param.slice(1);
      if (text === null) throw validation(`Value null at '${member}' failed to satisfy constraint: Member must not be null`);
      let doc: unknown;
      try {
        doc = JSON.parse(text);
      } catch {
        throw new CheckFailure('MalformedPolicyDocument', 'This policy contains invalid Json', 400);
      }
      if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new CheckFailure('MalformedPolicyDocument', 'Syntax errors in policy.', 400);
      try {
        parsedPolicy(doc as PolicyJson, kind);
      } catch (error) {
        if (!(error instanceof MalformedPolicyError)) throw error;
        throw new CheckFailure('MalformedPolicyDocument', error.message, 400);
      }
      if (policySize(text) > quota.maxChars) throw new CheckFailure('LimitExceeded', quota.message, 409);
      keep(ctx, doc as PolicyJson);
    },
  };
}
