import { listAttachedPoliciesAction } from '../../iam/entities/attached-policy-actions.js';

/** iam:ListAttachedUserPolicies — https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListAttachedUserPolicies.html */
export const listAttachedUserPolicies = listAttachedPoliciesAction('user');
