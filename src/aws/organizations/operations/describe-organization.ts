import { enforceChecks } from '../../awsquery/rejection.js';
import type { JsonOperation } from '../../json/operation.js';
import { orgCallChecks, type OrgCallContext } from '../org-call.js';
import { ORGANIZATIONS } from '../service.js';

/** organizations:DescribeOrganization — any member account may call it. */
export const describeOrganization: JsonOperation = {
  name: 'DescribeOrganization',
  service: ORGANIZATIONS,
  readOnly: true,
  async handle(call) {
    const ctx: OrgCallContext = { call };
    await enforceChecks(orgCallChecks(call, 'organizations:DescribeOrganization', [], false), ctx);
    const { id } = ctx.org!;
    const m = ctx.managementId;
    return {
      Organization: {
        Id: id,
        Arn: `arn:aws:organizations::${m ?? ctx.call.caller.account.id}:organization/${id}`,
        FeatureSet: 'ALL',
        ...(m ? { MasterAccountArn: `arn:aws:organizations::${m}:account/${id}/${m}`, MasterAccountId: m, MasterAccountEmail: `${m}@example.com` } : {}),
        // Deprecated in the model: always SERVICE_CONTROL_POLICY ENABLED.
        AvailablePolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }],
      },
    };
  },
};
