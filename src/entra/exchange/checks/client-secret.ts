import { createHash, timingSafeEqual } from 'node:crypto';
import { entraFailure } from '../../errors/entra-failure.js';
import { must, param, type ExchangeCheck } from '../exchange-context.js';

/** Equal-length digests, so the comparison takes the same time whatever the secret's length or content. */
const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Entra's ordinary client credentials: `client_secret` (form, or HTTP Basic) is one of the
 * application's secrets. Every secret is compared, in constant time, with no early exit.
 */
export const clientSecretCheck: ExchangeCheck = {
  name: 'client-secret',
  stage: 'client',
  run(ctx) {
    const app = must(ctx.app, 'app');
    const presented = digest(param(ctx, 'client_secret') ?? '');
    let matched = false;
    for (const secret of app.secrets) matched = timingSafeEqual(presented, digest(secret)) || matched;
    if (!matched) {
      throw entraFailure(7000215, { clientId: app.appId }, app.secrets.length === 0 ? 'this fedlab application has no client secrets' : 'no secret of this application matches');
    }
    ctx.clientAuthentication = 'secret';
  },
};
