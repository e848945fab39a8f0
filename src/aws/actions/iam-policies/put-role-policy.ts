import { putInlinePolicyAction } from '../../iam/entities/inline-policy-actions.js';

/** iam:PutRolePolicy — https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html */
export const putRolePolicy = putInlinePolicyAction('role');
