import type { QueryAction } from '../../awsquery/action.js';
import { enforceChecks } from '../../awsquery/rejection.js';
import { IAM } from '../../awsquery/services.js';
import { entityCallChecks, entityCallContext } from '../../iam/entities/entity-checks.js';
import { policyArnValid, policyExists } from '../../iam/entities/policy-arn-checks.js';
import { announcePolicyChange } from '../../iam/entities/policy-call.js';

/**
 * iam:PutRolePermissionsBoundary — a managed policy caps what the role's identity policies can
 * allow, from its next request on.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePermissionsBoundary.html
 */
export const putRolePermissionsBoundary: QueryAction = {
  name: 'PutRolePermissionsBoundary',
  service: IAM,
  async handle(call) {
    const ctx = entityCallContext(call);
    const arn = call.params.get('PermissionsBoundary') ?? '';
    await enforceChecks([...entityCallChecks(call, 'role', 'iam:PutRolePermissionsBoundary', [policyArnValid('PermissionsBoundary')], { 'iam:PermissionsBoundary': arn }), policyExists({ param: 'PermissionsBoundary' })], ctx);
    ctx.iam.setEntity('role', call.params.get('RoleName')!, { ...ctx.policies!, boundary: arn });
    announcePolicyChange(call, { action: 'PutRolePermissionsBoundary', target: ctx.entityArn, policyArn: arn });
    return undefined;
  },
};
