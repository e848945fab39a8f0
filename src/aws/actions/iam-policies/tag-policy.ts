import type { QueryAction } from '../../awsquery/action.js';
import { enforceChecks } from '../../awsquery/rejection.js';
import { IAM } from '../../awsquery/services.js';
import type { EntityCallContext } from '../../iam/entities/entity-checks.js';
import { announcePolicyChange, policyCallChecks, policyCallContext } from '../../iam/entities/policy-call.js';
import { mergeTags, readTags, tagsValid } from '../../iam/roles/role-tags.js';

/**
 * iam:TagPolicy — tags on a customer managed policy (a key sent again replaces its value), kept in
 * the state dir. https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagPolicy.html
 */
export const tagPolicy: QueryAction = {
  name: 'TagPolicy',
  service: IAM,
  async handle(call) {
    const ctx = policyCallContext(call);
    await enforceChecks([...policyCallChecks(call, 'iam:TagPolicy', [], { customer: true }), tagsValid((c) => (c as EntityCallContext).policy!.tags)], ctx);
    ctx.iam.putPolicy({ ...ctx.policy!, tags: mergeTags(ctx.policy!.tags, readTags(call.params)) });
    announcePolicyChange(call, { action: 'TagPolicy', policyArn: ctx.policy!.arn });
    return undefined;
  },
};
