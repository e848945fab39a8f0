import { CheckFailure } from '../../../core/checks.js';
import type { QueryAction } from '../../awsquery/action.js';
import { enforceChecks } from '../../awsquery/rejection.js';
import { IAM } from '../../awsquery/services.js';
import type { EntityCallContext } from '../../iam/entities/entity-checks.js';
import { versionExists, versionIdValid } from '../../iam/entities/policy-arn-checks.js';
import { announcePolicyChange, policyCallChecks, policyCallContext } from '../../iam/entities/policy-call.js';

/** iam:DeletePolicyVersion — any version but the default one. */
export const deletePolicyVersion: QueryAction = {
  name: 'DeletePolicyVersion',
  service: IAM,
  async handle(call) {
    const ctx = policyCallContext(call);
    const versionId = call.params.get('VersionId');
    const notDefault = {
      name: 'not-default-version',
      run(c: EntityCallContext) {
        if (c.policy!.defaultVersionId === versionId) throw new CheckFailure('DeleteConflict', 'Cannot delete the default version of a policy.', 409);
      },
    };
    await enforceChecks([...policyCallChecks(call, 'iam:DeletePolicyVersion', [versionIdValid], { customer: true }), versionExists, notDefault], ctx);
    const policy = ctx.policy!;
    ctx.iam.putPolicy({ ...policy, versions: policy.versions.filter((v) => v.versionId !== versionId) });
    announcePolicyChange(call, { action: 'DeletePolicyVersion', policyArn: policy.arn, versionId });
    return undefined;
  },
};
