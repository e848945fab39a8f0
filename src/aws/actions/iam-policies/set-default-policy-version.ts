import type { QueryAction } from '../../awsquery/action.js';
import { enforceChecks } from '../../awsquery/rejection.js';
import { IAM } from '../../awsquery/services.js';
import { versionExists, versionIdValid } from '../../iam/entities/policy-arn-checks.js';
import { announcePolicyChange, policyCallChecks, policyCallContext } from '../../iam/entities/policy-call.js';
import { iamDate } from '../../iam/roles/role-view.js';

/** iam:SetDefaultPolicyVersion — the version in force for everything the policy is attached to, from the next request on. */
export const setDefaultPolicyVersion: QueryAction = {
  name: 'SetDefaultPolicyVersion',
  service: IAM,
  async handle(call) {
    const ctx = policyCallContext(call);
    await enforceChecks([...policyCallChecks(call, 'iam:SetDefaultPolicyVersion', [versionIdValid], { customer: true }), versionExists], ctx);
    const versionId = call.params.get('VersionId')!;
    ctx.iam.putPolicy({ ...ctx.policy!, defaultVersionId: versionId, updateDate: iamDate(call.party.ctx.clock.now()) });
    announcePolicyChange(call, { action: 'SetDefaultPolicyVersion', policyArn: ctx.policy!.arn, versionId });
    return undefined;
  },
};
