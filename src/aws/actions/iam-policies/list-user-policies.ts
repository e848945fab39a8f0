import { listInlinePoliciesAction } from '../../iam/entities/inline-policy-actions.js';

/** iam:ListUserPolicies — https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListUserPolicies.html */
export const listUserPolicies = listInlinePoliciesAction('user');
