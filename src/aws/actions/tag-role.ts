import type { QueryAction } from '../awsquery/action.js';
import { enforceChecks } from '../awsquery/rejection.js';
import { IAM } from '../awsquery/services.js';
import { roleCallChecks, roleCallContext } from '../iam/roles/role-call.js';
import { mergeTags, readTags, tagsValid } from '../iam/roles/role-tags.js';

/** iam:TagRole — the role's tags go into principal_tags of its next sessions' tokens. */
export const tagRole: QueryAction = {
  name: 'TagRole',
  service: IAM,
  async handle(call) {
    const ctx = roleCallContext(call);
    await enforceChecks([...roleCallChecks(call, 'iam:TagRole'), tagsValid((c) => c.role!.tags)], ctx);
    ctx.role!.tags = mergeTags(ctx.role!.tags, readTags(call.params));
    return undefined;
  },
};
