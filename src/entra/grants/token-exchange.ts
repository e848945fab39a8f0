import { entraFailure } from '../errors/entra-failure.js';
import { param } from '../exchange/exchange-context.js';
import type { Grant } from './grant.js';

const TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:';
const SUBJECT_TOKEN_TYPES = [`${TOKEN_TYPE}jwt`, `${TOKEN_TYPE}id_token`];
const REQUESTED_TOKEN_TYPES = [`${TOKEN_TYPE}access_token`, `${TOKEN_TYPE}jwt`];

/**
 * RFC 8693 token exchange: a fedlab extension (real Entra answers AADSTS70003). The subject token
 * is checked exactly like a federated client assertion against `client_id`'s credentials; errors
 * follow RFC 8693 §2.2.2 (invalid_request for the subject token, invalid_target for the resource).
 */
export const tokenExchangeGrant: Grant = {
  grantType: 'urn:ietf:params:oauth:grant-type:token-exchange',
  parameters: ['client_id', 'subject_token', 'subject_token_type', 'requested_token_type', 'scope', 'resource', 'audience'],
  entraNative: false,

  presentedToken(ctx) {
    const token = param(ctx, 'subject_token');
    if (!token) throw entraFailure(900144, { name: 'subject_token' });
    const type = param(ctx, 'subject_token_type');
    if (!type) throw entraFailure(900144, { name: 'subject_token_type' });
    if (!SUBJECT_TOKEN_TYPES.includes(type)) throw entraFailure(9002313, {}, `subject_token_type must be one of ${SUBJECT_TOKEN_TYPES.join(', ')}`);
    const requested = param(ctx, 'requested_token_type');
    if (requested !== undefined && !REQUESTED_TOKEN_TYPES.includes(requested)) {
      throw entraFailure(9002313, {}, `requested_token_type must be one of ${REQUESTED_TOKEN_TYPES.join(', ')}`);
    }
    return token;
  },

  requestedTarget(ctx) {
    for (const name of ['scope', 'resource', 'audience'] as const) {
      const value = param(ctx, name);
      if (value !== undefined) return { param: name, value };
    }
    return { missing: 'scope' };
  },

  errorFor(stage, entra) {
    // A server-side outage (the shared store) is no fault of the request: it keeps its 503.
    if (entra.status >= 500) return entra;
    if (stage === 'assertion') return { error: 'invalid_request', status: 400 };
    if (stage === 'target') return { error: 'invalid_target', status: 400 };
    return entra;
  },

  handler(issued) {
    return {
      access_token: issued.token,
      issued_token_type: `${TOKEN_TYPE}access_token`,
      token_type: 'Bearer',
      expires_in: issued.expiresIn,
      scope: issued.target.scope,
    };
  },
};
