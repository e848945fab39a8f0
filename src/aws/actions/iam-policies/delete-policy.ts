import { CheckFailure } from '../../../core/checks.js';
import type { QueryAction } from '../../awsquery/action.js';
import { enforceChecks } from '../../awsquery/rejection.js';
import { IAM } from '../../awsquery/services.js';
import type { EntityCallContext } from '../../iam/entities/entity-checks.js';
import { announcePolicyChange, policyCallChecks, policyCallContext } from '../../iam/entities/policy-call.js';

/** iam:DeletePolicy — refused while attached (or a boundary) or while it has versions besides the default, as IAM refuses it. */
export const deletePolicy: QueryAction = {
  name: 'DeletePolicy',
  service: IAM,
  async handle(call) {
    const ctx = policyCallContext(call);
    const unused = {
      name: 'policy-unused',
      run(c: EntityCallContext) {
        const usage = c.iam.usage(c.policy!.arn);
        if (usage.attachments + usage.boundaries > 0) throw new CheckFailure('DeleteConflict', 'Cannot delete a policy attached to entities.', 409);
        if (c.policy!.versions.length > 1) throw new CheckFailure('DeleteConflict', "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.", 409);
      },
    };
    await enforceChecks([...policyCallChecks(call, 'iam:DeletePolicy', [], { customer: true }), unused], ctx);
    ctx.iam.deletePolicy(ctx.policy!.name);
    announcePolicyChange(call, { action: 'DeletePolicy', policyArn: ctx.policy!.arn });
    return undefined;
  },
};
