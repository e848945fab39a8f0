import type { CheckRecord } from '../../../core/checks.js';
import type { PolicyDocument } from './document.js';
import { indexContext, type AuthorizationRequest, type ContextIndex } from './request.js';
import { statementApplies } from './statement.js';

/**
 * AWS's policy evaluation logic as an ordered list of named checks: an explicit Deny in any policy
 * wins; then every SCP level (root → OU → account) must allow, then every RCP level, then an
 * identity-based (or resource-based) policy, the permissions boundary and the session policy.
 * Layers left undefined do not apply (no boundary, no session policy, no organization, the
 * organization's management account for SCPs and RCPs).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */

export interface NamedPolicy {
  /** Shown in traces: the policy name or ARN. */
  name: string;
  document: PolicyDocument;
}

/** One attachment point of an organization's tree (root, an OU, the account) with its policies. */
export interface PolicyLevel {
  target: string;
  policies: readonly NamedPolicy[];
}

export interface PolicyLayers {
  scps?: readonly PolicyLevel[];
  rcps?: readonly PolicyLevel[];
  identity?: readonly NamedPolicy[];
  /** A resource-based policy (a role's trust policy); with identity, `either` allows (same account). */
  resource?: readonly NamedPolicy[];
  /** Cross-account access needs both identity and resource policy to allow. */
  requireIdentityAndResource?: boolean;
  boundary?: readonly NamedPolicy[];
  session?: readonly NamedPolicy[];
}

export type LayerName = 'service control policy' | 'resource control policy' | 'identity-based policy' | 'resource-based policy' | 'permissions boundary' | 'session policy';

export interface DecidingStatement {
  layer: LayerName;
  policy: string;
  sid?: string;
  /** Index of the statement in its document. */
  index: number;
}

export interface PolicyDecision {
  allowed: boolean;
  /** `explicit` for a Deny statement, `implicit` when a layer lacked an Allow. */
  denial?: 'explicit' | 'implicit';
  /** The layer that refused (or, when allowed, the one whose Allow let the request through). */
  layer?: LayerName;
  statement?: DecidingStatement;
  failedCheck?: string;
  trace: CheckRecord[];
}

interface Found {
  allow?: DecidingStatement;
  deny?: DecidingStatement;
}

function scan(layer: LayerName, policies: readonly NamedPolicy[], request: AuthorizationRequest, context: ContextIndex): Found {
  const found: Found = {};
  for (const policy of policies) {
    policy.document.statements.forEach((s, index) => {
      if (found.deny && s.effect === 'Deny') return;
      if (found.allow && s.effect === 'Allow') return;
      if (!statementApplies(s, policy.document, request, context)) return;
      const hit = { layer, policy: policy.name, sid: s.sid, index };
      if (s.effect === 'Deny') found.deny = hit;
      else found.allow = hit;
    });
  }
  return found;
}

interface Scanned {
  check: string;
  layer: LayerName;
  found: Found;
}

function scanAll(request: AuthorizationRequest, layers: PolicyLayers, context: ContextIndex): Scanned[] {
  const out: Scanned[] = [];
  const levels = (prefix: string, layer: LayerName, list?: readonly PolicyLevel[]) =>
    list?.forEach((level) => out.push({ check: `${prefix}:${level.target}`, layer, found: scan(layer, level.policies, request, context) }));
  levels('scp', 'service control policy', layers.scps);
  levels('rcp', 'resource control policy', layers.rcps);
  if (layers.identity) out.push({ check: 'identity-policy', layer: 'identity-based policy', found: scan('identity-based policy', layers.identity, request, context) });
  if (layers.resource) out.push({ check: 'resource-policy', layer: 'resource-based policy', found: scan('resource-based policy', layers.resource, request, context) });
  if (layers.boundary) out.push({ check: 'permissions-boundary', layer: 'permissions boundary', found: scan('permissions boundary', layers.boundary, request, context) });
  if (layers.session) out.push({ check: 'session-policy', layer: 'session policy', found: scan('session policy', layers.session, request, context) });
  return out;
}

function finish(trace: CheckRecord[], names: string[], failedAt: number, decision: Omit<PolicyDecision, 'trace'>): PolicyDecision {
  for (const name of names.slice(failedAt + 1)) trace.push({ check: name, outcome: 'not-run' });
  return { ...decision, trace };
}

export function evaluatePolicies(request: AuthorizationRequest, layers: PolicyLayers): PolicyDecision {
  const context = indexContext(request.context);
  const scanned = scanAll(request, layers, context);
  const names = ['explicit-deny', ...scanned.map((s) => s.check)];
  const trace: CheckRecord[] = [];
  const deny = scanned.find((s) => s.found.deny);
  if (deny) {
    const st = deny.found.deny!;
    trace.push({ check: 'explicit-deny', outcome: 'failed', code: 'AccessDenied', message: `explicit deny in ${deny.layer} ${st.policy}${st.sid ? ` (${st.sid})` : ''}` });
    return finish(trace, names, 0, { allowed: false, denial: 'explicit', layer: deny.layer, statement: st, failedCheck: 'explicit-deny' });
  }
  trace.push({ check: 'explicit-deny', outcome: 'passed' });
  const identity = scanned.find((s) => s.check === 'identity-policy');
  const resource = scanned.find((s) => s.check === 'resource-policy');
  // Same account: an Allow in either the identity or the resource policy is enough.
  const eitherAllows = !layers.requireIdentityAndResource && (identity?.found.allow ?? resource?.found.allow);
  let allowedBy: DecidingStatement | undefined;
  for (let i = 0; i < scanned.length; i++) {
    const s = scanned[i]!;
    const principalLayer = s.check === 'identity-policy' || s.check === 'resource-policy';
    const allow = s.found.allow ?? (principalLayer && eitherAllows ? eitherAllows : undefined);
    if (!allow) {
      trace.push({ check: s.check, outcome: 'failed', code: 'AccessDenied', message: `no ${s.layer} allows ${request.action}` });
      return finish(trace, names, i + 1, { allowed: false, denial: 'implicit', layer: s.layer, failedCheck: s.check });
    }
    if (principalLayer && !allowedBy) allowedBy = allow;
    trace.push({ check: s.check, outcome: 'passed', message: `allowed by ${allow.policy}${allow.sid ? ` (${allow.sid})` : ''}` });
  }
  if (!identity && !resource) {
    // Nothing grants the action: default deny, named as the identity layer AWS reports.
    trace.push({ check: 'identity-policy', outcome: 'failed', code: 'AccessDenied', message: `no identity-based policy allows ${request.action}` });
    return { allowed: false, denial: 'implicit', layer: 'identity-based policy', failedCheck: 'identity-policy', trace };
  }
  return { allowed: true, layer: allowedBy?.layer, statement: allowedBy, trace };
}

const ARTICLE: Record<LayerName, string> = {
  'service control policy': 'a',
  'resource control policy': 'a',
  'identity-based policy': 'an',
  'resource-based policy': 'a',
  'permissions boundary': 'a',
  'session policy': 'a',
};

/**
 * AWS's AccessDenied wording: "User: <arn> is not authorized to perform: <action> [on resource: <arn>]
 * because no identity-based policy allows the <action> action" / "with an explicit deny in a
 * service control policy".
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html
 */
export function accessDeniedMessage(callerArn: string, action: string, decision: PolicyDecision, resource?: string): string {
  const on = resource ? ` on resource: ${resource}` : '';
  const why =
    decision.denial === 'explicit'
      ? `with an explicit deny in ${ARTICLE[decision.layer!]} ${decision.layer}`
      : `because no ${decision.layer} allows the ${action} action`;
  return `User: ${callerArn} is not authorized to perform: ${action}${on} ${why}`;
}
