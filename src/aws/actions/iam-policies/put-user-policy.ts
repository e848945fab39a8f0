import { putInlinePolicyAction } from '../../iam/entities/inline-policy-actions.js';

/** iam:PutUserPolicy — https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutUserPolicy.html */
export const putUserPolicy = putInlinePolicyAction('user');
