import { listInlinePoliciesAction } from '../../iam/entities/inline-policy-actions.js';

/** iam:ListRolePolicies — https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListRolePolicies.html */
export const listRolePolicies = listInlinePoliciesAction('role');
