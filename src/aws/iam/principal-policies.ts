import type { Account } from '../accounts/account.js';
import type { PrincipalConfig } from '../config.js';
import { DEFAULT_POLICY_ARN } from './managed-policies.js';
import { defaultDocument } from './store/managed-policy-record.js';
import type { PolicyJson } from './policy-config.js';
import { compileShorthand, SHORTHAND_POLICY_NAME } from './shorthand-policy.js';

/** A principal's policies as IAM lists them: inline by name, attached by ARN, the boundary ARN. */

/** Whether the principal declares any identity policy (otherwise fedlab's default is attached). */
const declaresPolicy = (p: PrincipalConfig) => p.policy !== null || p.inlinePolicies !== undefined || p.managedPolicyArns !== undefined;

const shorthandCache = new WeakMap<object, PolicyJson>();

export function inlinePolicies(principal: PrincipalConfig): Record<string, PolicyJson> {
  const out: Record<string, PolicyJson> = { ...(principal.inlinePolicies ?? {}) };
  if (principal.policy) {
    let compiled = shorthandCache.get(principal.policy);
    if (!compiled) shorthandCache.set(principal.policy, (compiled = compileShorthand(principal.policy)));
    out[SHORTHAND_POLICY_NAME] = compiled;
  }
  return out;
}

export function attachedPolicyArns(principal: PrincipalConfig): string[] {
  return principal.managedPolicyArns ?? (declaresPolicy(principal) ? [] : [DEFAULT_POLICY_ARN]);
}

/** The default version's document of an AWS managed or the account's customer managed policy. */
export function policyDocumentFor(account: Account, arn: string): PolicyJson | undefined {
  const policy = account.iam.policy(arn);
  return policy ? defaultDocument(policy) : undefined;
}
