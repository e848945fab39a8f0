import { CheckFailure, type Check } from '../../core/checks.js';
import { authorizationCheck } from '../iam/action-authorization.js';
import { parsedPolicy, type PolicyJson } from '../iam/policy-config.js';
import { MalformedPolicyError, policySize } from '../iam/policy/index.js';
import type { JsonCall } from '../json/operation.js';
import type { Organization, OrgPolicy, OrgPolicyType, OrgState } from './organization-store.js';

/**
 * What every Organizations call shares: its input checks, IAM authorization of the caller, the
 * caller's account must belong to an organization and (for all but DescribeOrganization) be its
 * management account, then the call's own lookups. Error codes are the Organizations model's.
 * https://docs.aws.amazon.com/organizations/latest/APIReference/CommonErrors.html
 */
export interface OrgCallContext {
  readonly call: JsonCall;
  org?: Organization;
  managementId?: string;
  policy?: OrgPolicy;
}

const fail = (code: string, message: string, status = 400) => new CheckFailure(code, message, status);
export const invalidInput = (message: string) => fail('InvalidInputException', message);
export const POLICY_ID = /^p-[0-9a-zA-Z_]{8,128}$/;
export const TARGET_ID = /^(r-[0-9a-z]{4,32}|\d{12}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/;
export const TYPES: readonly OrgPolicyType[] = ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'];

export function stringInput(call: JsonCall, key: string, required: boolean, pattern?: RegExp, max = 1_000_000): string | undefined {
  const value = call.input[key];
  if (value === undefined || value === null) {
    if (required) throw invalidInput(`You must specify a value for ${key}.`);
    return undefined;
  }
  if (typeof value !== 'string') throw fail('SerializationException', `${key} must be a string.`);
  if ((pattern && !pattern.test(value)) || value.length > max) throw invalidInput(`You provided a value that does not match the required pattern for ${key}.`);
  return value;
}

function member(): Check<OrgCallContext> {
  return {
    name: 'organization-member',
    run(ctx) {
      const { party, caller } = ctx.call;
      const id = caller.account.config.organization?.id;
      ctx.org = id ? party.organizations.byId(id) : undefined;
      if (!ctx.org) throw fail('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.');
      ctx.managementId = party.config.accounts.find((a) => a.organization?.id === id && a.organization?.management)?.id;
    },
  };
}

const management: Check<OrgCallContext> = {
  name: 'management-account',
  run(ctx) {
    if (ctx.managementId !== ctx.call.caller.account.id) throw fail('AccessDeniedException', "You don't have permissions to access this resource.");
  },
};

/** The checks before an operation's own: its inputs, IAM's permission, membership, management account. */
export function orgCallChecks(call: JsonCall, action: string, inputs: Check<OrgCallContext>[] = [], managementOnly = true): Check<OrgCallContext>[] {
  const iam = authorizationCheck<OrgCallContext>(call, action);
  // IAM's refusal under the name Organizations gives it (AccessDeniedException), still naming the layer.
  const authorization: Check<OrgCallContext> = {
    name: iam.name,
    run(ctx) {
      try {
        iam.run(ctx);
      } catch (error) {
        if (!(error instanceof CheckFailure)) throw error;
        throw new CheckFailure('AccessDeniedException', error.message, 400, error.extra);
      }
    },
  };
  return [...inputs, authorization, member(), ...(managementOnly ? [management] : [])];
}

export const policyFound: Check<OrgCallContext> = {
  name: 'policy-exists',
  run(ctx) {
    const id = ctx.call.input.PolicyId as string;
    ctx.policy = ctx.org!.state().policies.find((p) => p.id === id);
    if (!ctx.policy) throw fail('PolicyNotFoundException', "We can't find a policy with the PolicyId that you specified.");
  },
};

export const customerPolicy: Check<OrgCallContext> = {
  name: 'policy-not-aws-managed',
  run(ctx) {
    if (ctx.policy!.awsManaged) throw fail('ConstraintViolationException', "You can't modify or delete an AWS managed policy.");
  },
};

export function targetFound(call: JsonCall): Check<OrgCallContext> {
  return {
    name: 'target-exists',
    run(ctx) {
      const id = call.input.TargetId as string;
      const { roots, ous, accounts } = ctx.org!.nodes;
      if (![...roots, ...ous, ...accounts].includes(id)) throw fail('TargetNotFoundException', "We can't find a root, OU, account, or email that matches the specified target.");
    },
  };
}

/** An SCP or RCP document: a valid policy without Principal (RCPs name one), at most 5,120 characters. */
export function contentValid(content: string, type: OrgPolicyType): void {
  let doc: unknown;
  try {
    doc = JSON.parse(content);
  } catch {
    throw fail('MalformedPolicyDocumentException', 'The provided policy document does not meet the requirements of the specified policy type.');
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw fail('MalformedPolicyDocumentException', 'The provided policy document does not meet the requirements of the specified policy type.');
  try {
    parsedPolicy(doc as PolicyJson, type === 'RESOURCE_CONTROL_POLICY' ? 'resource' : 'identity');
  } catch (error) {
    if (!(error instanceof MalformedPolicyError)) throw error;
    throw fail('MalformedPolicyDocumentException', `The provided policy document does not meet the requirements of the specified policy type: ${error.message}`);
  }
  if (policySize(content) > 5120) throw fail('ConstraintViolationException', 'The provided policy document exceeds the maximum size (POLICY_CONTENT_LIMIT_EXCEEDED): 5120 characters.');
}

export const policyArnOf = (org: string, managementId: string | undefined, p: OrgPolicy) =>
  p.awsManaged ? `arn:aws:organizations::aws:policy/${p.type.toLowerCase()}/${p.id}` : `arn:aws:organizations::${managementId ?? 'aws'}:policy/${org}/${p.type.toLowerCase()}/${p.id}`;

export function policySummary(ctx: OrgCallContext, p: OrgPolicy) {
  return { Id: p.id, Arn: policyArnOf(ctx.org!.id, ctx.managementId, p), Name: p.name, Description: p.description, Type: p.type, AwsManaged: p.awsManaged };
}

export const policyView = (ctx: OrgCallContext, p: OrgPolicy) => ({ Policy: { PolicySummary: policySummary(ctx, p), Content: p.content } });

export function targetType(ctx: OrgCallContext, id: string): 'ROOT' | 'ORGANIZATIONAL_UNIT' | 'ACCOUNT' {
  return ctx.org!.nodes.roots.includes(id) ? 'ROOT' : ctx.org!.nodes.ous.includes(id) ? 'ORGANIZATIONAL_UNIT' : 'ACCOUNT';
}

/** Save a change and say so on the event bus: the next request is evaluated with it. */
export function saveOrg(ctx: OrgCallContext, next: OrgState, change: Record<string, unknown>): void {
  ctx.org!.save(next);
  const { party, caller, requestId } = ctx.call;
  party.ctx.events.publish({ party: 'aws', type: 'organization-policy-changed', organizationId: ctx.org!.id, accountId: caller.account.id, principal: caller.principal.arn, requestId, ...change });
}

/** MaxResults (1..20) and NextToken (fedlab's opaque position) of the List operations. */
export function pageInput(call: JsonCall): { start: number; max: number } {
  const max = call.input.MaxResults ?? 20;
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 20) throw invalidInput('MaxResults must be between 1 and 20.');
  const token = call.input.NextToken;
  if (token === undefined) return { start: 0, max };
  const start = typeof token === 'string' ? Number(Buffer.from(token, 'base64url').toString('utf8')) : NaN;
  if (!Number.isInteger(start) || start < 0) throw invalidInput('The specified NextToken is not valid.');
  return { start, max };
}

export function page<T>(items: readonly T[], { start, max }: { start: number; max: number }): { items: T[]; NextToken?: string } {
  const end = start + max;
  return { items: items.slice(start, end), ...(end < items.length ? { NextToken: Buffer.from(String(end)).toString('base64url') } : {}) };
}
