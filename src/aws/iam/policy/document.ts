import { z } from 'zod';

/**
 * An IAM policy document as AWS's grammar defines it (Version, Statement object or array, Sid,
 * Effect, Action/NotAction, Resource/NotResource, Principal/NotPrincipal, Condition).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */

export type ConditionBlock = Record<string, Record<string, string[]>>;
export type PrincipalBlock = '*' | Record<string, string[]>;

export interface PolicyStatement {
  sid?: string;
  effect: 'Allow' | 'Deny';
  action?: string[];
  notAction?: string[];
  resource?: string[];
  notResource?: string[];
  principal?: PrincipalBlock;
  notPrincipal?: PrincipalBlock;
  condition: ConditionBlock;
}

export interface PolicyDocument {
  version: '2012-10-17' | '2008-10-17';
  statements: PolicyStatement[];
}

/** Where a document is used decides whether it must, or must not, name principals. */
export type PolicyKind = 'identity' | 'resource';

/** Thrown for a document AWS refuses; the message follows MalformedPolicyDocument's. */
export class MalformedPolicyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedPolicyError';
  }
}

const scalar = z.union([z.string(), z.number(), z.boolean()]).transform(String);
const stringList = z.union([z.string(), z.array(z.string()).min(1)]).transform((v) => (Array.isArray(v) ? v : [v]));
const valueList = z.union([scalar, z.array(scalar).min(1)]).transform((v) => (Array.isArray(v) ? v : [v]));
const principalBlock = z.union([z.literal('*'), z.partialRecord(z.enum(['AWS', 'Service', 'Federated', 'CanonicalUser']), stringList)]);

const statementSchema = z.strictObject({
  Sid: z.string().regex(/^[A-Za-z0-9]*$/, 'Statement IDs (SID) must be alpha-numeric.').optional(),
  Effect: z.enum(['Allow', 'Deny'], { message: 'Invalid effect' }),
  Action: stringList.optional(),
  NotAction: stringList.optional(),
  Resource: stringList.optional(),
  NotResource: stringList.optional(),
  Principal: principalBlock.optional(),
  NotPrincipal: principalBlock.optional(),
  Condition: z.record(z.string(), z.record(z.string(), valueList)).default({}),
});

const documentSchema = z.strictObject({
  Version: z.enum(['2012-10-17', '2008-10-17']).default('2008-10-17'),
  Id: z.string().optional(),
  Statement: z.preprocess((v) => (Array.isArray(v) ? v : [v]), z.array(statementSchema).min(1)),
});

const ACTION = /^(\*|[a-zA-Z0-9-]+:[a-zA-Z0-9*?]+)$/;

function checkStatement(s: z.output<typeof statementSchema>, kind: PolicyKind): void {
  if (!s.Action === !s.NotAction) throw new MalformedPolicyError(s.Action ? 'Syntax errors in policy.' : 'Policy statement must contain actions.');
  if (s.Resource && s.NotResource) throw new MalformedPolicyError('Syntax errors in policy.');
  for (const action of s.Action ?? s.NotAction!) {
    if (!ACTION.test(action)) throw new MalformedPolicyError(`Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.`);
  }
  const namesPrincipal = s.Principal !== undefined || s.NotPrincipal !== undefined;
  if (kind === 'identity') {
    if (namesPrincipal) throw new MalformedPolicyError('Policy document should not specify a principal.');
    if (!s.Resource && !s.NotResource) throw new MalformedPolicyError('Policy statement must contain resources.');
  } else if (!namesPrincipal) {
    throw new MalformedPolicyError('Missing required field Principal');
  }
  for (const operator of Object.keys(s.Condition)) {
    if (!isKnownOperator(operator)) throw new MalformedPolicyError(`Invalid Condition type : ${operator}.`);
  }
}

const BASE_OPERATORS = new Set([
  'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike',
  'NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals',
  'DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals',
  'Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress', 'ArnEquals', 'ArnNotEquals', 'ArnLike', 'ArnNotLike',
]);

/** `[ForAllValues:|ForAnyValue:]<operator>[IfExists]`, or `Null` alone. */
export function isKnownOperator(operator: string): boolean {
  if (operator === 'Null') return true;
  const base = operator.replace(/^(ForAllValues|ForAnyValue):/, '').replace(/IfExists$/, '');
  return BASE_OPERATORS.has(base);
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined), raw);
}

function zodMessage(error: z.ZodError, raw: unknown): string {
  const issue = error.issues[0]!;
  if (issue.code === 'unrecognized_keys') return `Syntax errors in policy. Unknown field ${issue.keys[0]}`;
  if (issue.path.length === 0 || issue.code === 'invalid_union') return 'Syntax errors in policy.';
  if (issue.path.at(-1) === 'Version') return 'The policy failed legacy parsing';
  if (issue.path.length > 0 && valueAt(raw, issue.path) === undefined) return `Missing required field ${String(issue.path.at(-1))}`;
  return issue.message.startsWith('Invalid') || issue.message.startsWith('Statement') ? issue.message : 'Syntax errors in policy.';
}

/** A document from JSON text (as the APIs receive it) or an already-parsed object (YAML config). */
export function parsePolicyDocument(input: unknown, kind: PolicyKind = 'identity'): PolicyDocument {
  let raw = input;
  if (typeof input === 'string') {
    try {
      raw = JSON.parse(input);
    } catch {
      throw new MalformedPolicyError('This policy contains invalid Json');
    }
  }
  const parsed = documentSchema.safeParse(raw);
  if (!parsed.success) throw new MalformedPolicyError(zodMessage(parsed.error, raw));
  const list = parsed.data.Statement;
  for (const s of list) checkStatement(s, kind);
  return {
    version: parsed.data.Version,
    statements: list.map((s) => ({
      sid: s.Sid,
      effect: s.Effect,
      action: s.Action,
      notAction: s.NotAction,
      resource: s.Resource,
      notResource: s.NotResource,
      principal: s.Principal,
      notPrincipal: s.NotPrincipal,
      condition: s.Condition,
    })),
  };
}

/** AWS counts policy size without whitespace outside strings. */
export function policySize(text: string): number {
  return text.replace(/\s+(?=(?:[^"\\]|\\.|"(?:[^"\\]|\\.)*")*$)/g, '').length;
}
