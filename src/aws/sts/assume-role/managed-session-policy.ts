import { policyDocumentFor } from '../../iam/principal-policies.js';
import type { PolicyJson } from '../../iam/policy-config.js';
import type { AwsRuntime } from '../../runtime.js';

/** PolicyArns of AssumeRole*: AWS managed policies, or the customer managed ones of the role's account. */
export function managedSessionPolicy(party: AwsRuntime): (roleAccountId: string, arn: string) => PolicyJson | undefined {
  return (roleAccountId, arn) => {
    const account = party.directory.byId(roleAccountId);
    return account ? policyDocumentFor(account, arn) : undefined;
  };
}
