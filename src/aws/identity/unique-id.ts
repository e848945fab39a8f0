import { createHash } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * IAM's unique ids (`AIDA…` for users, `AROA…` for roles, `ANPA…` for managed policies: the prefix and 17 upper-case letters
 * or digits), derived from the ARN so that the same entity keeps its id across restarts.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-prefixes
 */
export function uniqueIdOf(arn: string): string {
  const prefix = /:role\//.test(arn) ? 'AROA' : /:policy\//.test(arn) ? 'ANPA' : 'AIDA';
  const digest = createHash('sha256').update(arn).digest();
  let id = prefix;
  for (let i = 0; i < 17; i++) id += BASE32[digest[i]! % 32];
  return id;
}
