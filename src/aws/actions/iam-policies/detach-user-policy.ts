import { detachPolicyAction } from '../../iam/entities/attached-policy-actions.js';

/** iam:DetachUserPolicy — https://docs.aws.amazon.com/IAM/latest/APIReference/API_DetachUserPolicy.html */
export const detachUserPolicy = detachPolicyAction('user');
