import type { QueryAction } from '../awsquery/action.js';
import { enforceChecks } from '../awsquery/rejection.js';
import { IAM } from '../awsquery/services.js';
import { roleCallChecks, roleCallContext } from '../iam/roles/role-call.js';
import { readTagKeys, withoutTags } from '../iam/roles/role-tags.js';

/** iam:UntagRole — keys the role does not have are ignored, as IAM ignores them. */
export const untagRole: QueryAction = {
  name: 'UntagRole',
  service: IAM,
  async handle(call) {
    const ctx = roleCallContext(call);
    await enforceChecks(roleCallChecks(call, 'iam:UntagRole'), ctx);
    ctx.role!.tags = withoutTags(ctx.role!.tags, readTagKeys(call.params));
    return undefined;
  },
};
