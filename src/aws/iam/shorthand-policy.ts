import type { PrincipalConfig } from '../config.js';
import { DEFAULT_DURATION_SECONDS } from '../sts/token-request.js';
import type { PolicyJson } from './policy-config.js';

/**
 * The legacy `policy:` shorthand, compiled into the inline policy it always meant. Audiences are
 * ForAllValues (every requested audience allowed); a cap at or above the 300-second default uses
 * IfExists, so a request that omits DurationSeconds passes as it did before the key existed.
 */
export const SHORTHAND_POLICY_NAME = 'FedlabShorthandPolicy';

export function compileShorthand(policy: NonNullable<PrincipalConfig['policy']>): PolicyJson {
  const condition: Record<string, Record<string, unknown>> = {};
  if (policy.audiences) condition['ForAllValues:StringEquals'] = { 'sts:IdentityTokenAudience': policy.audiences };
  if (policy.maxDurationSeconds !== undefined) {
    const operator = policy.maxDurationSeconds >= DEFAULT_DURATION_SECONDS ? 'NumericLessThanEqualsIfExists' : 'NumericLessThanEquals';
    condition[operator] = { 'sts:DurationSeconds': policy.maxDurationSeconds };
  }
  if (policy.signingAlgorithms) condition.StringEquals = { 'sts:SigningAlgorithm': policy.signingAlgorithms };
  const extra = [...(policy.allowTags ? ['sts:TagGetWebIdentityToken'] : []), ...(policy.allowScope ? ['sts:SetWebIdentityTokenScope'] : [])];
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'GetWebIdentityToken', Effect: 'Allow', Action: 'sts:GetWebIdentityToken', Resource: '*', ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}) },
      ...(extra.length > 0 ? [{ Sid: 'TokenOptions', Effect: 'Allow', Action: extra, Resource: '*' }] : []),
      {
        Sid: 'ManageOutboundFederation',
        Effect: 'Allow',
        Action: ['iam:EnableOutboundWebIdentityFederation', 'iam:DisableOutboundWebIdentityFederation', 'iam:GetOutboundWebIdentityFederationInfo'],
        Resource: '*',
      },
    ],
  };
}
