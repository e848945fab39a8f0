/** A role in an event's `resources` (AssumeRole, AssumeRoleWithWebIdentity). */
export function roleResource(roleArn: string): { accountId: string; type: string; ARN: string } {
  return { accountId: roleArn.split(':')[4]!, type: 'AWS::IAM::Role', ARN: roleArn };
}
