import type { QueryAction } from '../../awsquery/action.js';
import { enforceChecks } from '../../awsquery/rejection.js';
import { IAM } from '../../awsquery/services.js';
import { announcePolicyChange, policyCallChecks, policyCallContext } from '../../iam/entities/policy-call.js';
import { readTagKeys, withoutTags } from '../../iam/roles/role-tags.js';

/** iam:UntagPolicy — keys the policy does not have are ignored, as IAM ignores them. */
export const untagPolicy: QueryAction = {
  name: 'UntagPolicy',
  service: IAM,
  async handle(call) {
    const ctx = policyCallContext(call);
    await enforceChecks(policyCallChecks(call, 'iam:UntagPolicy', [], { customer: true }), ctx);
    ctx.iam.putPolicy({ ...ctx.policy!, tags: withoutTags(ctx.policy!.tags, readTagKeys(call.params)) });
    announcePolicyChange(call, { action: 'UntagPolicy', policyArn: ctx.policy!.arn });
    return undefined;
  },
};
