import { CheckFailure, type Check } from '../../core/checks.js';
import type { MintContext } from './mint-context.js';
import { buildTokenClaims, secondsPrecision } from './token-claims.js';

/** After authorization: the account switch, the caller's session lifetime, the payload size. */

const federationEnabled: Check<MintContext> = {
  name: 'federation-enabled',
  run({ caller }) {
    if (!caller.account.federationEnabled) {
      throw new CheckFailure(
        'OutboundWebIdentityFederationDisabledException',
        `Outbound web identity federation is not enabled for account ${caller.account.id}. Call iam:EnableOutboundWebIdentityFederation first.`,
        403,
      );
    }
  },
};

/** A token must not outlive the session that asked for it (reaching exactly the session end is fine). */
const sessionDuration: Check<MintContext> = {
  name: 'session-duration',
  run({ caller, request, nowSeconds }) {
    const sessionEnd = caller.principal.sessionExpiresAt;
    if (sessionEnd && (nowSeconds + request!.durationSeconds) * 1000 > Date.parse(sessionEnd)) {
      throw new CheckFailure(
        'SessionDurationEscalationException',
        `The requested DurationSeconds (${request!.durationSeconds}) would extend the token beyond the expiration of the calling session (${secondsPrecision(sessionEnd)}).`,
        403,
      );
    }
  },
};

const payloadSize: Check<MintContext> = {
  name: 'payload-size',
  run(ctx) {
    ctx.claims = buildTokenClaims(ctx.request!, ctx.caller, ctx.region, ctx.nowSeconds);
    const size = Buffer.byteLength(JSON.stringify(ctx.claims));
    if (size > ctx.maxPayloadBytes) {
      throw new CheckFailure(
        'JWTPayloadSizeExceededException',
        `The JWT payload would be ${size} bytes, more than the ${ctx.maxPayloadBytes} allowed. Reduce the number or size of request tags.`,
        400,
      );
    }
  },
};

export const ISSUANCE_CHECKS: readonly Check<MintContext>[] = [federationEnabled, sessionDuration, payloadSize];
