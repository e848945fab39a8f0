import { CheckFailure, type Check } from '../../../core/checks.js';
import type { KnownPrincipal } from '../../accounts/directory.js';
import type { RoleConfig } from '../../config.js';
import { evaluatePolicies, MalformedPolicyError, parsePolicyDocument, type NamedPolicy, type PolicyDecision, type PolicyLayers } from '../../iam/policy/index.js';
import type { AuthorizationRequest } from '../../iam/policy/index.js';
import { callerIdentityArn } from '../caller-arn.js';
import { principalLayers } from '../../iam/authorize.js';
import type { OrganizationStore } from '../../organizations/organization-store.js';
import type { AssumeRoleInput } from './assume-role-request.js';
import { parsedPolicy, type PolicyJson } from '../../iam/policy-config.js';

/**
 * sts:AssumeRole as AWS decides it: the model's constraints, the role, the trust policy (with the
 * caller's identity policy, through the IAM evaluator) for sts:AssumeRole, sts:TagSession and
 * sts:SetSourceIdentity, then the duration against MaxSessionDuration and the role-chaining hour.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 */
/** What the checks shared by AssumeRole and AssumeRoleWithWebIdentity look at. */
export interface SessionInputContext {
  readonly input: AssumeRoleInput;
  /** A managed policy's document in the role's account (AWS managed or the account's own), for PolicyArns. */
  readonly managedPolicy: (roleAccountId: string, arn: string) => PolicyJson | undefined;
  role?: RoleConfig;
  durationSeconds?: number;
  sessionPolicies?: NamedPolicy[];
}

export interface AssumeRoleContext extends SessionInputContext {
  readonly caller: KnownPrincipal;
  readonly organizations: OrganizationStore;
  readonly roles: (arn: string) => RoleConfig | undefined;
  role?: RoleConfig;
  /** Tags of the new session: inherited transitive tags, then the requested ones. */
  sessionTags?: Record<string, string>;
  transitiveTagKeys?: string[];
  sourceIdentity?: string;
  decisions: PolicyDecision[];
}

const SESSION_NAME = /^[\w+=,.@-]*$/;
const CHAIN_LIMIT_SECONDS = 3600;

const validation = (detail: string) => new CheckFailure('ValidationError', `1 validation error detected: ${detail}`, 400);

export const inputValid: Check<SessionInputContext> = {
  name: 'input-constraints',
  run(ctx) {
    const { roleArn, roleSessionName, durationSeconds, sourceIdentity } = ctx.input;
    if (roleArn === null) throw validation("Value null at 'roleArn' failed to satisfy constraint: Member must not be null");
    if (roleArn.length < 20 || roleArn.length > 2048) throw validation(`Value '${roleArn}' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20`);
    if (roleSessionName === null) throw validation("Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null");
    if (roleSessionName.length < 2 || roleSessionName.length > 64) {
      throw validation(`Value '${roleSessionName}' at 'roleSessionName' failed to satisfy constraint: Member must have length ${roleSessionName.length < 2 ? 'greater than or equal to 2' : 'less than or equal to 64'}`);
    }
    if (!SESSION_NAME.test(roleSessionName)) throw validation(`Value '${roleSessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`);
    const duration = durationSeconds === null ? 3600 : Number(durationSeconds);
    if (!Number.isInteger(duration)) throw validation(`Value '${durationSeconds}' at 'durationSeconds' failed to satisfy constraint: Member must be an integer`);
    if (duration < 900) throw validation(`Value '${duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900`);
    if (duration > 43200) throw validation(`Value '${duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200`);
    ctx.durationSeconds = duration;
    if (sourceIdentity !== null && !/^[\w+=,.@-]{2,64}$/.test(sourceIdentity)) {
      throw validation(`Value '${sourceIdentity}' at 'sourceIdentity' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`);
    }
    if (ctx.input.tags.length > 50) throw validation("Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50");
  },
};

const denied = (caller: KnownPrincipal, action: string, roleArn: string) =>
  new CheckFailure('AccessDenied', `User: ${callerIdentityArn(caller.principal)} is not authorized to perform: ${action} on resource: ${roleArn}`, 403);

const roleKnown: Check<AssumeRoleContext> = {
  name: 'role-exists',
  run(ctx) {
    ctx.role = ctx.roles(ctx.input.roleArn!);
    // AWS does not say whether the role exists: an unknown role is refused like an untrusted caller.
    if (!ctx.role) throw denied(ctx.caller, 'sts:AssumeRole', ctx.input.roleArn!);
  },
};

export const sessionPolicies: Check<SessionInputContext> = {
  name: 'session-policies',
  run(ctx) {
    const policies: NamedPolicy[] = [];
    if (ctx.input.policy !== null) {
      try {
        policies.push({ name: 'session policy (Policy)', document: parsePolicyDocument(ctx.input.policy, 'identity') });
      } catch (error) {
        if (error instanceof MalformedPolicyError) throw new CheckFailure('MalformedPolicyDocument', error.message, 400);
        throw error;
      }
    }
    const arns = ctx.input.policyArns;
    if (arns.length > 10) throw validation("Value at 'policyArns' failed to satisfy constraint: Member must have length less than or equal to 10");
    // Managed session policies must exist in the role's account (AWS managed ones are everywhere).
    const roleAccount = ctx.role!.arn.split(':')[4]!;
    for (const arn of arns) {
      if (arn.length < 20 || arn.length > 2048) throw validation(`Value '${arn}' at 'policyArns.member.arn' failed to satisfy constraint: Member must have length greater than or equal to 20`);
      const document = ctx.managedPolicy(roleAccount, arn);
      if (!document) throw new CheckFailure('MalformedPolicyDocument', `Policy ${arn} does not exist or is not attachable.`, 400);
      policies.push({ name: `session policy ${arn}`, document: parsedPolicy(document, 'identity') });
    }
    ctx.sessionPolicies = policies;
  },
};

const TAG = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u;

const sessionTags: Check<AssumeRoleContext> = {
  name: 'session-tags',
  run(ctx) {
    const inherited = ctx.caller.session;
    const tags: Record<string, string> = {};
    for (const key of inherited?.transitiveTagKeys ?? []) tags[key] = inherited!.principal.tags[key]!;
    for (const { key, value } of ctx.input.tags) {
      if (!TAG.test(key) || key.length > 128 || value.length > 256) throw new CheckFailure('InvalidParameterValue', `The tag key or value is invalid: ${key}`, 400);
      if (Object.keys(tags).some((k) => k.toLowerCase() === key.toLowerCase()) && inherited?.transitiveTagKeys.some((k) => k.toLowerCase() === key.toLowerCase())) {
        throw new CheckFailure('InvalidParameterValue', `Cannot override transitive tag ${key}`, 400);
      }
      tags[key] = value;
    }
    const lowerTags = new Set(ctx.input.tags.map((t) => t.key.toLowerCase()));
    const missing = ctx.input.transitiveTagKeys.find((k) => !lowerTags.has(k.toLowerCase()));
    if (missing) throw new CheckFailure('InvalidParameterValue', `The specified transitive tag key must be included in the requested tags: ${missing}`, 400);
    ctx.sessionTags = tags;
    ctx.transitiveTagKeys = [...new Set([...(inherited?.transitiveTagKeys ?? []), ...ctx.input.transitiveTagKeys])];
  },
};

const sourceIdentityKept: Check<AssumeRoleContext> = {
  name: 'source-identity',
  run(ctx) {
    const existing = ctx.caller.principal.context.sourceIdentity;
    const requested = ctx.input.sourceIdentity ?? undefined;
    if (existing !== undefined && requested !== undefined && requested !== existing) {
      throw new CheckFailure('InvalidParameterValue', 'The source identity cannot be changed once set', 400);
    }
    ctx.sourceIdentity = existing ?? requested;
  },
};

function authorizationRequest(ctx: AssumeRoleContext, action: string): AuthorizationRequest {
  const { principal, account } = ctx.caller;
  const requestTags = Object.fromEntries(ctx.input.tags.map((t) => [`aws:RequestTag/${t.key}`, t.value]));
  const principalTags = Object.fromEntries(Object.entries(principal.tags).map(([k, v]) => [`aws:PrincipalTag/${k}`, v]));
  return {
    principal: { arn: callerIdentityArn(principal), roleArn: /:role\//.test(principal.arn) ? principal.arn : undefined, account: account.id },
    action,
    resource: ctx.role!.arn,
    context: {
      'aws:PrincipalArn': principal.arn,
      'aws:PrincipalAccount': account.id,
      'aws:PrincipalType': /:role\//.test(principal.arn) ? 'AssumedRole' : 'User',
      'sts:RoleSessionName': ctx.input.roleSessionName!,
      'sts:ExternalId': ctx.input.externalId ?? undefined,
      'sts:SourceIdentity': ctx.input.sourceIdentity ?? undefined,
      'sts:TransitiveTagKeys': ctx.input.transitiveTagKeys,
      'aws:TagKeys': ctx.input.tags.map((t) => t.key),
      ...requestTags,
      ...principalTags,
    },
  };
}

/**
 * The caller's side of the decision: the layers IAM evaluates for any request of the caller
 * (SCPs, its role's or user's identity policies now in force, permissions boundary, a session's
 * session policies). RCPs belong to the resource's account: the caller's apply only when the role
 * is in the same account.
 */
function callerLayers(ctx: AssumeRoleContext, crossAccount: boolean): PolicyLayers {
  const { rcps, ...layers } = principalLayers(ctx.organizations, ctx.caller);
  return crossAccount ? layers : { ...layers, rcps };
}

/**
 * Whether the trust policy allows the caller by its own ARN (user, role or "*"), not only through an
 * account principal (`111122223333` / `arn:aws:iam::111122223333:root`): an account principal
 * delegates to the account, whose identity policies must then grant the action.
 */
function trustNamesCaller(request: AuthorizationRequest, trust: NamedPolicy): boolean {
  return evaluatePolicies({ ...request, principal: { ...request.principal, account: '' } }, { resource: [trust] }).allowed;
}

const trustOf = (role: RoleConfig): NamedPolicy => ({ name: `trust policy of ${role.arn}`, document: parsePolicyDocument(role.trustPolicy, 'resource') });

/** The role trusts the caller for the action: a role is only assumable by whom its trust policy allows. */
function trustCheck(name: string, action: string, applies: (ctx: AssumeRoleContext) => boolean): Check<AssumeRoleContext> {
  return {
    name,
    run(ctx) {
      if (!applies(ctx)) return;
      const trusted = evaluatePolicies(authorizationRequest(ctx, action), { resource: [trustOf(ctx.role!)] });
      if (!trusted.allowed) throw denied(ctx.caller, action, ctx.role!.arn);
    },
  };
}

/**
 * The caller's own policies, evaluated together with the trust policy as IAM combines an identity-
 * and a resource-based policy. Within one account a trust policy that names the caller's ARN is
 * enough (an explicit Deny in the caller's policies still wins); across accounts, or when the trust
 * policy names only the account, the caller's identity policy must allow the action too:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-accounts
 * sts:TagSession and sts:SetSourceIdentity are decided the same way
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html#id_session-tags_permissions-required,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_monitor.html).
 * AWS answers these refusals with the trust policy's message (no layer named); the event names the layer.
 */
function callerPolicyCheck(name: string, action: string, applies: (ctx: AssumeRoleContext) => boolean): Check<AssumeRoleContext> {
  return {
    name,
    run(ctx) {
      if (!applies(ctx)) return;
      const trust = trustOf(ctx.role!);
      const request = authorizationRequest(ctx, action);
      const crossAccount = ctx.caller.account.id !== ctx.role!.arn.split(':')[4];
      const decision = evaluatePolicies(request, {
        ...callerLayers(ctx, crossAccount),
        resource: [trust],
        requireIdentityAndResource: crossAccount || !trustNamesCaller(request, trust),
      });
      ctx.decisions.push(decision);
      if (decision.allowed) return;
      const failure = denied(ctx.caller, action, ctx.role!.arn);
      throw new CheckFailure(failure.code, failure.message, failure.status, {
        event: {
          deniedAction: action,
          deniedBy: decision.layer,
          denial: decision.denial,
          policyCheck: decision.failedCheck,
          ...(decision.statement ? { decidingPolicy: decision.statement.policy, decidingSid: decision.statement.sid } : {}),
        },
      });
    },
  };
}

export const duration: Check<AssumeRoleContext> = {
  name: 'session-duration',
  run(ctx) {
    const chained = /:role\//.test(ctx.caller.principal.arn);
    if (chained && ctx.durationSeconds! > CHAIN_LIMIT_SECONDS) {
      throw new CheckFailure('ValidationError', 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.', 400);
    }
    refuseBeyondMaxSessionDuration(ctx.durationSeconds!, ctx.role!);
  },
};

/** Every role session, whatever opened it, is capped by the role's MaxSessionDuration. */
export function refuseBeyondMaxSessionDuration(durationSeconds: number, role: RoleConfig): void {
  if (durationSeconds > role.maxSessionDuration) {
    throw new CheckFailure('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.', 400);
  }
}

const tagging = (ctx: AssumeRoleContext) => ctx.input.tags.length > 0;
const settingSourceIdentity = (ctx: AssumeRoleContext) => ctx.input.sourceIdentity !== null;

export const ASSUME_ROLE_CHECKS: readonly Check<AssumeRoleContext>[] = [
  inputValid,
  roleKnown,
  sessionPolicies,
  sessionTags,
  sourceIdentityKept,
  trustCheck('trust-policy', 'sts:AssumeRole', () => true),
  callerPolicyCheck('caller-policy', 'sts:AssumeRole', () => true),
  trustCheck('trust-tag-session', 'sts:TagSession', tagging),
  callerPolicyCheck('caller-policy-tag-session', 'sts:TagSession', tagging),
  trustCheck('trust-set-source-identity', 'sts:SetSourceIdentity', settingSourceIdentity),
  callerPolicyCheck('caller-policy-set-source-identity', 'sts:SetSourceIdentity', settingSourceIdentity),
  duration,
];
