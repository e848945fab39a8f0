import { attachPolicyAction } from '../../iam/entities/attached-policy-actions.js';

/** iam:AttachUserPolicy — https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachUserPolicy.html */
export const attachUserPolicy = attachPolicyAction('user');
