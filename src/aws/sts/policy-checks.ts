import type { Check } from '../../core/checks.js';
import { authorize } from '../iam/authorize.js';
import { globalContext } from '../iam/request-context.js';
import type { MintContext } from './mint-context.js';

/*
 * Authorization of GetWebIdentityToken through IAM's policy evaluation: sts:GetWebIdentityToken,
 * plus sts:TagGetWebIdentityToken when Tags are sent and sts:SetWebIdentityTokenScope when Scope is.
 * sts:DurationSeconds (and sts:SubjectMode) are in the request context only when the caller sent
 * them: AWS does not document a default, and leaving the key out makes fedlab refuse rather than
 * allow where the two readings differ (see docs/deviations-aws.md).
 */

function tokenContext(ctx: MintContext) {
  const request = ctx.request!;
  const tags = Object.fromEntries(request.tags.map(([k, v]) => [`aws:RequestTag/${k}`, v]));
  return {
    ...globalContext(ctx.caller, ctx.region, ctx.nowSeconds, ctx.secureTransport),
    'sts:IdentityTokenAudience': request.audiences,
    'sts:SigningAlgorithm': request.algorithm,
    'sts:DurationSeconds': ctx.input.durationSeconds !== undefined ? String(request.durationSeconds) : undefined,
    'sts:SubjectMode': ctx.input.subjectMode !== undefined ? request.subjectMode : undefined,
    'sts:IdentityTokenScope': request.scope,
    'aws:TagKeys': request.tags.map(([k]) => k),
    ...tags,
  };
}

export const authorizeMint: Check<MintContext> = {
  name: 'authorization',
  run(ctx) {
    const context = tokenContext(ctx);
    const eventFields = { audiences: ctx.request!.audiences, durationSeconds: ctx.request!.durationSeconds, signingAlgorithm: ctx.request!.algorithm };
    const call = { organizations: ctx.organizations, caller: ctx.caller, context, eventFields };
    authorize({ ...call, action: 'sts:GetWebIdentityToken' });
    if (ctx.request!.tags.length > 0) authorize({ ...call, action: 'sts:TagGetWebIdentityToken' });
    if (ctx.request!.scope !== undefined) authorize({ ...call, action: 'sts:SetWebIdentityTokenScope' });
  },
};

export const POLICY_CHECKS: readonly Check<MintContext>[] = [authorizeMint];
