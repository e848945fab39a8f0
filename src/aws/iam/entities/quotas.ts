import type { DocumentQuota } from '../policy-document-check.js';
import type { EntityKind } from '../store/iam-store.js';

/**
 * IAM's default quotas.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 */
export const MANAGED_POLICY_QUOTA: DocumentQuota = { maxChars: 6144, message: 'Cannot exceed quota for PolicySize: 6144' };

/** Managed policy versions kept at once. */
export const MAX_POLICY_VERSIONS = 5;

/** Managed policies attached to one role or user. */
export const MAX_ATTACHED: Record<EntityKind, { max: number; quota: string }> = { role: { max: 10, quota: 'PoliciesPerRole' }, user: { max: 10, quota: 'PoliciesPerUser' } };

/** Inline policies of one role (10,240) or user (2,048), all of them together. */
export const MAX_INLINE_CHARS: Record<EntityKind, number> = { role: 10240, user: 2048 };
