import { param, type ExchangeCheck } from '../exchange-context.js';
import { clientSecretCheck } from './client-secret.js';

/**
 * A `client_secret` sent next to a `client_assertion` is not ignored (RFC 6749 §2.3: one client
 * authentication method per request): Entra checks it, and a wrong one fails the request with
 * AADSTS7000215 — which is why Microsoft.Identity.Web drops the secret whenever it sends an
 * assertion (AzureAD/microsoft-identity-web#3471). The assertion still authenticates the client.
 */
export const secretBesideAssertionCheck: ExchangeCheck = {
  name: 'secret-beside-assertion',
  stage: 'client',
  run(ctx) {
    if (param(ctx, 'client_secret') === undefined || param(ctx, 'client_assertion') === undefined) return;
    void clientSecretCheck.run(ctx);
    delete ctx.clientAuthentication;
  },
};
