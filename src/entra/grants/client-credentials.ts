import { entraFailure } from '../errors/entra-failure.js';
import { param } from '../exchange/exchange-context.js';
import type { Grant } from './grant.js';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/**
 * Client credentials. Workload identity federation: the client authenticates with the external
 * JWT as its client assertion (what msal-node and @azure/identity send); or, Entra's ordinary
 * flow, with a client secret (checked by the client-secret check instead of the assertion's).
 */
export const clientCredentialsGrant: Grant = {
  grantType: 'client_credentials',
  parameters: ['client_id', 'client_assertion', 'client_assertion_type', 'client_secret', 'scope', 'resource'],
  entraNative: true,

  presentedToken(ctx) {
    const assertion = param(ctx, 'client_assertion');
    // A client_secret without an assertion takes the secret road (exchange/pipeline.ts checksFor).
    if (!assertion) throw entraFailure(7000218);
    const type = param(ctx, 'client_assertion_type');
    if (!type) throw entraFailure(900144, { name: 'client_assertion_type' });
    if (type !== JWT_BEARER) throw entraFailure(9002313, {}, `client_assertion_type must be ${JWT_BEARER}, not '${type}'`);
    return assertion;
  },

  requestedTarget(ctx) {
    const name = ctx.request.endpointVersion === 1 ? 'resource' : 'scope';
    const value = param(ctx, name);
    return value === undefined ? { missing: name } : { param: name, value };
  },

  errorFor: (_stage, entra) => entra,

  handler(issued, ctx) {
    if (ctx.request.endpointVersion === 2) {
      return { token_type: 'Bearer', expires_in: issued.expiresIn, ext_expires_in: issued.expiresIn, access_token: issued.token };
    }
    // The v1 endpoint answers with strings, and names the resource and the validity window.
    return {
      token_type: 'Bearer',
      expires_in: String(issued.expiresIn),
      ext_expires_in: String(issued.expiresIn),
      expires_on: String(issued.expiresOn),
      not_before: String(issued.notBefore),
      resource: issued.target.requestedAs,
      access_token: issued.token,
    };
  },
};
