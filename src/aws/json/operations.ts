import { lookupEvents } from '../cloudtrail/lookup-events.js';
import { describeOrganization as orgDescribeOrganization } from '../organizations/operations/describe-organization.js';
import { listRoots as orgListRoots } from '../organizations/operations/list-roots.js';
import { listAccounts as orgListAccounts } from '../organizations/operations/list-accounts.js';
import { listPolicies as orgListPolicies } from '../organizations/operations/list-policies.js';
import { createPolicy as orgCreatePolicy } from '../organizations/operations/create-policy.js';
import { describePolicy as orgDescribePolicy } from '../organizations/operations/describe-policy.js';
import { updatePolicy as orgUpdatePolicy } from '../organizations/operations/update-policy.js';
import { deletePolicy as orgDeletePolicy } from '../organizations/operations/delete-policy.js';
import { attachPolicy as orgAttachPolicy } from '../organizations/operations/attach-policy.js';
import { detachPolicy as orgDetachPolicy } from '../organizations/operations/detach-policy.js';
import { listPoliciesForTarget as orgListPoliciesForTarget } from '../organizations/operations/list-policies-for-target.js';
import { listTargetsForPolicy as orgListTargetsForPolicy } from '../organizations/operations/list-targets-for-policy.js';
import { enablePolicyType as orgEnablePolicyType } from '../organizations/operations/enable-policy-type.js';
import { operationsByTarget, type JsonOperation } from './operation.js';

/** X-Amz-Target → operation: everything fedlab answers in AWS JSON 1.1 (CloudTrail, Organizations). */
export const JSON_OPERATIONS: ReadonlyMap<string, JsonOperation> = operationsByTarget([
  lookupEvents,
  orgDescribeOrganization,
  orgListRoots,
  orgListAccounts,
  orgListPolicies,
  orgCreatePolicy,
  orgDescribePolicy,
  orgUpdatePolicy,
  orgDeletePolicy,
  orgAttachPolicy,
  orgDetachPolicy,
  orgListPoliciesForTarget,
  orgListTargetsForPolicy,
  orgEnablePolicyType,
]);
