import { CheckFailure } from '../../../core/checks.js';
import type { QueryAction } from '../../awsquery/action.js';
import { enforceChecks } from '../../awsquery/rejection.js';
import { IAM } from '../../awsquery/services.js';
import { authorizationCheck } from '../../iam/action-authorization.js';
import { entityCallContext, policyNameValid, type EntityCallContext } from '../../iam/entities/entity-checks.js';
import { announcePolicyChange } from '../../iam/entities/policy-call.js';
import { policyXml } from '../../iam/entities/policy-view.js';
import { MANAGED_POLICY_QUOTA } from '../../iam/entities/quotas.js';
import { policyDocumentCheck } from '../../iam/policy-document-check.js';
import { rolePathValid } from '../../iam/roles/role-checks.js';
import { iamDate } from '../../iam/roles/role-view.js';
import { readTags, tagsValid } from '../../iam/roles/role-tags.js';
import { managedPolicyRecord, policyArn } from '../../iam/store/managed-policy-record.js';

/**
 * iam:CreatePolicy — a customer managed policy, version v1 its default; usable at once by
 * AttachRolePolicy / PutRolePermissionsBoundary and on the next request of what it is attached to.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicy.html
 */
export const createPolicy: QueryAction = {
  name: 'CreatePolicy',
  service: IAM,
  async handle(call) {
    const ctx = entityCallContext(call);
    const { params } = call;
    const name = params.get('PolicyName') ?? '';
    const path = params.get('Path') ?? '/';
    const arn = policyArn(ctx.accountId, path, name);
    const description = params.get('Description') ?? undefined;
    await enforceChecks<EntityCallContext>(
      [
        policyNameValid,
        rolePathValid,
        {
          name: 'description',
          run() {
            if (description !== undefined && description.length > 1000) throw new CheckFailure('ValidationError', "1 validation error detected: Value at 'description' failed to satisfy constraint: Member must have length less than or equal to 1000", 400);
          },
        },
        policyDocumentCheck<EntityCallContext>('PolicyDocument', 'identity', MANAGED_POLICY_QUOTA, (c, doc) => (c.document = doc)),
        tagsValid(() => ({})),
        authorizationCheck<EntityCallContext>(call, 'iam:CreatePolicy', arn),
        {
          name: 'policy-unique',
          run(c) {
            if (c.iam.policies().some((p) => p.arn.split(':')[4] === c.accountId && p.name.toLowerCase() === name.toLowerCase())) {
              throw new CheckFailure('EntityAlreadyExists', `A policy called ${name} already exists. Duplicate names are not allowed.`, 409);
            }
          },
        },
      ],
      ctx,
    );
    const policy = managedPolicyRecord({
      accountId: ctx.accountId,
      name,
      path,
      document: ctx.document!,
      at: iamDate(call.party.ctx.clock.now()),
      ...(description !== undefined ? { description } : {}),
      tags: Object.fromEntries(readTags(params).map((t) => [t.Key, t.Value])),
    });
    ctx.iam.putPolicy(policy);
    announcePolicyChange(call, { action: 'CreatePolicy', policyArn: arn });
    call.audit.responseElements = { policy: { policyName: name, policyId: policy.policyId, arn, path, defaultVersionId: 'v1' } };
    return policyXml(ctx.iam, policy, true);
  },
};
