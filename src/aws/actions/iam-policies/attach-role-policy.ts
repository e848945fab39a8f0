import { attachPolicyAction } from '../../iam/entities/attached-policy-actions.js';

/** iam:AttachRolePolicy — https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachRolePolicy.html */
export const attachRolePolicy = attachPolicyAction('role');
