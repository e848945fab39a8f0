import { getInlinePolicyAction } from '../../iam/entities/inline-policy-actions.js';

/** iam:GetRolePolicy — https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRolePolicy.html */
export const getRolePolicy = getInlinePolicyAction('role');
