import { errors, jwtVerify } from 'jose';
import { entraFailure } from '../../errors/entra-failure.js';
import { must, type ExchangeCheck } from '../exchange-context.js';

/**
 * The signature, through jose's jwtVerify. jose checks exp/nbf only after the signature has
 * verified, so an expired token counts as correctly signed here and the time-window check
 * reports it with Entra's own message.
 */
export const signatureCheck: ExchangeCheck = {
  name: 'signature',
  stage: 'assertion',
  async run(ctx) {
    const token = must(ctx.assertion, 'assertion');
    const { runtime } = ctx;
    try {
      const { payload } = await jwtVerify(token, must(ctx.issuerKey, 'issuerKey'), {
        algorithms: [...runtime.algorithms],
        currentDate: new Date(ctx.request.receivedAtMs),
        clockTolerance: runtime.config.clockSkewSeconds,
      });
      ctx.verified = payload;
    } catch (error) {
      const timeOnly = error instanceof errors.JWTExpired || (error instanceof errors.JWTClaimValidationFailed && error.claim === 'nbf');
      if (timeOnly) {
        ctx.verified = must(ctx.jwt, 'jwt').payload;
        return;
      }
      if (error instanceof errors.JOSEError) throw entraFailure(700027, {}, `${error.code}: ${error.message}`);
      // jose refuses unusable keys (e.g. RSA under 2048 bits) with a TypeError: the issuer's key, not ours.
      throw entraFailure(700027, {}, `the issuer's key cannot verify: ${(error as Error).message}`);
    }
  },
};
