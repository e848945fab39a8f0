import { deleteInlinePolicyAction } from '../../iam/entities/inline-policy-actions.js';

/** iam:DeleteUserPolicy — https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteUserPolicy.html */
export const deleteUserPolicy = deleteInlinePolicyAction('user');
