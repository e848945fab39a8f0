import { deleteInlinePolicyAction } from '../../iam/entities/inline-policy-actions.js';

/** iam:DeleteRolePolicy — https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteRolePolicy.html */
export const deleteRolePolicy = deleteInlinePolicyAction('role');
