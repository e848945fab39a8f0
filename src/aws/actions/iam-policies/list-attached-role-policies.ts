import { listAttachedPoliciesAction } from '../../iam/entities/attached-policy-actions.js';

/** iam:ListAttachedRolePolicies — https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListAttachedRolePolicies.html */
export const listAttachedRolePolicies = listAttachedPoliciesAction('role');
