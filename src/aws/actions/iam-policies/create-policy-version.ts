import { CheckFailure } from '../../../core/checks.js';
import type { QueryAction } from '../../awsquery/action.js';
import { enforceChecks } from '../../awsquery/rejection.js';
import { IAM } from '../../awsquery/services.js';
import type { EntityCallContext } from '../../iam/entities/entity-checks.js';
import { announcePolicyChange, policyCallChecks, policyCallContext } from '../../iam/entities/policy-call.js';
import { versionXml } from '../../iam/entities/policy-view.js';
import { MANAGED_POLICY_QUOTA, MAX_POLICY_VERSIONS } from '../../iam/entities/quotas.js';
import { policyDocumentCheck } from '../../iam/policy-document-check.js';
import { iamDate } from '../../iam/roles/role-view.js';

/**
 * iam:CreatePolicyVersion — a new version (at most 5 kept); with SetAsDefault it is what every
 * role and user the policy is attached to gets on its next request.
 */
export const createPolicyVersion: QueryAction = {
  name: 'CreatePolicyVersion',
  service: IAM,
  async handle(call) {
    const ctx = policyCallContext(call);
    const setAsDefault = call.params.get('SetAsDefault') === 'true';
    const room = {
      name: 'version-quota',
      run(c: EntityCallContext) {
        if (c.policy!.versions.length >= MAX_POLICY_VERSIONS) throw new CheckFailure('LimitExceeded', `A managed policy can have up to ${MAX_POLICY_VERSIONS} versions. Before you create a new version, you must delete an existing version.`, 409);
      },
    };
    const document = policyDocumentCheck<EntityCallContext>('PolicyDocument', 'identity', MANAGED_POLICY_QUOTA, (c, doc) => (c.document = doc));
    await enforceChecks([...policyCallChecks(call, 'iam:CreatePolicyVersion', [document], { customer: true }), room], ctx);
    const policy = ctx.policy!;
    const at = iamDate(call.party.ctx.clock.now());
    const versionId = `v${policy.nextVersion}`;
    const next = { ...policy, versions: [...policy.versions, { versionId, document: ctx.document!, createDate: at }], nextVersion: policy.nextVersion + 1, updateDate: at, ...(setAsDefault ? { defaultVersionId: versionId } : {}) };
    ctx.iam.putPolicy(next);
    announcePolicyChange(call, { action: 'CreatePolicyVersion', policyArn: policy.arn, versionId, setAsDefault });
    return versionXml(next, versionId, false);
  },
};
