import { CheckFailure, type Check } from '../../core/checks.js';
import type { PrincipalConfig } from '../config.js';
import { callerIdentityArn } from './caller-arn.js';
import type { MintContext } from './mint-context.js';

/*
 * The principal's identity policy, as the condition keys of sts:GetWebIdentityToken see it.
 * No policy configured means an unconditional Allow for every action below. Audiences are
 * checked ForAllValues (every requested audience must be allowed), the safe reading of the
 * multivalued sts:IdentityTokenAudience key.
 */

function denied(principal: PrincipalConfig, action: string): CheckFailure {
  return new CheckFailure(
    'AccessDenied',
    `User: ${callerIdentityArn(principal)} is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`,
    403,
  );
}

function policyCheck(name: string, action: string, allows: (ctx: MintContext) => boolean): Check<MintContext> {
  return {
    name,
    run(ctx) {
      if (ctx.caller.principal.policy && !allows(ctx)) throw denied(ctx.caller.principal, action);
    },
  };
}

const GET = 'sts:GetWebIdentityToken';

export const POLICY_CHECKS: readonly Check<MintContext>[] = [
  policyCheck('policy-audience', GET, ({ caller, request }) => {
    const allowed = caller.principal.policy!.audiences;
    return !allowed || request!.audiences.every((a) => allowed.includes(a));
  }),
  policyCheck('policy-duration', GET, ({ caller, request }) => {
    const max = caller.principal.policy!.maxDurationSeconds;
    return max === undefined || request!.durationSeconds <= max;
  }),
  policyCheck('policy-signing-algorithm', GET, ({ caller, request }) => {
    const allowed = caller.principal.policy!.signingAlgorithms;
    return !allowed || allowed.includes(request!.algorithm);
  }),
  policyCheck('policy-tags', 'sts:TagGetWebIdentityToken', ({ caller, request }) => request!.tags.length === 0 || caller.principal.policy!.allowTags === true),
  policyCheck('policy-scope', 'sts:SetWebIdentityTokenScope', ({ caller, request }) => request!.scope === undefined || caller.principal.policy!.allowScope === true),
];
