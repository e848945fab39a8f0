import { detachPolicyAction } from '../../iam/entities/attached-policy-actions.js';

/** iam:DetachRolePolicy — https://docs.aws.amazon.com/IAM/latest/APIReference/API_DetachRolePolicy.html */
export const detachRolePolicy = detachPolicyAction('role');
