/** What a policy is evaluated against: the request context of one action. */

export type ContextValue = string | readonly string[];

export interface RequestPrincipal {
  /** The IAM identity: a role/user ARN or an assumed-role session ARN. */
  arn: string;
  /** Role ARN behind an assumed-role session, if any (Principal blocks name roles). */
  roleArn?: string;
  account: string;
  /** `Principal: { Federated: ... }` — an OIDC provider ARN or a provider host. */
  federated?: string;
  /** `Principal: { Service: ... }`. */
  service?: string;
}

export interface AuthorizationRequest {
  principal: RequestPrincipal;
  action: string;
  resource: string;
  /** Condition keys as AWS names them; looked up case-insensitively. */
  context: Readonly<Record<string, ContextValue | undefined>>;
}

/** Lower-cased keys once per request, since condition keys are case-insensitive. */
export type ContextIndex = ReadonlyMap<string, ContextValue>;

export function indexContext(context: AuthorizationRequest['context']): ContextIndex {
  const index = new Map<string, ContextValue>();
  for (const [key, value] of Object.entries(context)) {
    if (value === undefined) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    index.set(key.toLowerCase(), value);
  }
  return index;
}

export const asList = (value: ContextValue): readonly string[] => (typeof value === 'string' ? [value] : value);
