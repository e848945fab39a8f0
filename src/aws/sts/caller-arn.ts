import type { PrincipalConfig } from '../config.js';

/** Session name used for role principals when the config names none. */
export const DEFAULT_SESSION_NAME = 'fedlab-session';

/**
 * The identity AWS names in an authorization error: a role caller is its assumed-role session
 * (`arn:aws:sts::<acct>:assumed-role/<role name>/<session>`, the role path dropped); a user is its ARN.
 */
export function callerIdentityArn(principal: PrincipalConfig): string {
  const match = /^arn:([\w-]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(principal.arn);
  if (!match) return principal.arn;
  const [, partition, account, roleName] = match;
  return `arn:${partition}:sts::${account}:assumed-role/${roleName}/${principal.sessionName ?? DEFAULT_SESSION_NAME}`;
}
