import type { QueryAction } from '../../awsquery/action.js';
import { enforceChecks } from '../../awsquery/rejection.js';
import { IAM } from '../../awsquery/services.js';
import { versionExists, versionIdValid } from '../../iam/entities/policy-arn-checks.js';
import { policyCallChecks, policyCallContext } from '../../iam/entities/policy-call.js';
import { versionXml } from '../../iam/entities/policy-view.js';

/** iam:GetPolicyVersion — one version with its URL-encoded document. */
export const getPolicyVersion: QueryAction = {
  name: 'GetPolicyVersion',
  service: IAM,
  async handle(call) {
    const ctx = policyCallContext(call);
    await enforceChecks([...policyCallChecks(call, 'iam:GetPolicyVersion', [versionIdValid]), versionExists], ctx);
    return versionXml(ctx.policy!, call.params.get('VersionId')!, true);
  },
};
