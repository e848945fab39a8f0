import { CheckFailure } from '../../core/checks.js';
import type { KnownPrincipal } from '../accounts/directory.js';
import type { OrganizationStore } from '../organizations/organization-store.js';
import { callerIdentityArn } from '../sts/caller-arn.js';
import { organizationLevels } from './organization-levels.js';
import { parsedPolicy } from './policy-config.js';
import { accessDeniedMessage, evaluatePolicies, type ContextValue, type NamedPolicy, type PolicyDecision, type PolicyLayers } from './policy/index.js';
import { policyDocumentFor } from './principal-policies.js';
import { entityOfArn } from './store/iam-store.js';
import type { Account } from '../accounts/account.js';
import { requestPrincipal } from './request-context.js';

const named = (name: string, document: Record<string, unknown>): NamedPolicy => ({ name, document: parsedPolicy(document) });

/** The role's or user's policies now in force: inline by name, attached by ARN (a dangling ARN allows nothing). */
export function entityPolicies(account: Account, arn: string): { identity: NamedPolicy[]; boundaryArn?: string } {
  const who = entityOfArn(arn);
  if (!who) return { identity: [] };
  const entity = account.iam.entity(who.kind, who.name);
  const identity = [
    ...Object.entries(entity.inline).map(([name, doc]) => named(name, doc)),
    ...entity.attached.flatMap((policyArn) => {
      const doc = policyDocumentFor(account, policyArn);
      return doc ? [named(policyArn, doc)] : [];
    }),
  ];
  return { identity, ...(entity.boundary ? { boundaryArn: entity.boundary } : {}) };
}

/**
 * The layers IAM evaluates for a principal's own request: the organization's SCPs and RCPs, the
 * identity policies of its role or user (a role session acts with its role's current policies),
 * the permissions boundary, and a session's session policies (Policy, PolicyArns).
 */
export function principalLayers(organizations: OrganizationStore, { account, principal, session }: KnownPrincipal): PolicyLayers {
  const { identity, boundaryArn } = entityPolicies(account, principal.arn);
  const boundaryDoc = boundaryArn ? policyDocumentFor(account, boundaryArn) : undefined;
  const level = (type: 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY') =>
    organizationLevels(organizations, account, type)?.map((l) => ({ target: l.target, policies: l.policies.map((p) => named(p.name, p.document)) }));
  return {
    scps: level('SERVICE_CONTROL_POLICY'),
    rcps: level('RESOURCE_CONTROL_POLICY'),
    identity,
    // A boundary ARN that no longer resolves allows nothing, as a deleted boundary policy would.
    boundary: boundaryArn ? (boundaryDoc ? [named(boundaryArn, boundaryDoc)] : []) : undefined,
    ...(session && session.sessionPolicies.length > 0 ? { session: session.sessionPolicies } : {}),
  };
}

export interface AuthorizationCall {
  organizations: OrganizationStore;
  caller: KnownPrincipal;
  action: string;
  resource?: string;
  context: Record<string, ContextValue | undefined>;
  /** Request fields a refusal's event carries (GetWebIdentityToken: audiences, duration). */
  eventFields?: Record<string, unknown>;
}

export function decide({ organizations, caller, action, resource, context }: AuthorizationCall): PolicyDecision {
  return evaluatePolicies({ principal: requestPrincipal(caller), action, resource: resource ?? '*', context }, principalLayers(organizations, caller));
}

/** AccessDenied (403) naming the layer as AWS words it; `failedChecks` names the evaluator's check. */
export function accessDenied(call: AuthorizationCall, decision: PolicyDecision, code = 'AccessDenied'): CheckFailure {
  return new CheckFailure(code, accessDeniedMessage(callerIdentityArn(call.caller.principal), call.action, decision, call.resource), 403, {
    failedChecks: [decision.failedCheck!],
    event: {
      deniedAction: call.action,
      deniedBy: decision.layer,
      denial: decision.denial,
      ...(decision.statement ? { decidingPolicy: decision.statement.policy, decidingSid: decision.statement.sid } : {}),
      ...call.eventFields,
    },
  });
}

export function authorize(call: AuthorizationCall): void {
  const decision = decide(call);
  if (!decision.allowed) throw accessDenied(call, decision);
}
