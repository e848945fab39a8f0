import { getInlinePolicyAction } from '../../iam/entities/inline-policy-actions.js';

/** iam:GetUserPolicy — https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetUserPolicy.html */
export const getUserPolicy = getInlinePolicyAction('user');
