import type { JWTPayload } from 'jose';
import { MalformedJwt, precheckCompactJwt } from '../../../core/jwt/compact-precheck.js';
import { entraFailure } from '../../errors/entra-failure.js';
import { must, type ExchangeCheck } from '../exchange-context.js';

/** Why a decoded payload cannot be an assertion, or undefined when its claims have usable types. */
function claimProblem(payload: JWTPayload): string | undefined {
  if (typeof payload.iss !== 'string' || payload.iss === '') return 'iss must be a non-empty string';
  if (typeof payload.sub !== 'string' || payload.sub === '') return 'sub must be a non-empty string';
  const aud = payload.aud;
  if (!(typeof aud === 'string' || (Array.isArray(aud) && aud.length > 0 && aud.every((a) => typeof a === 'string')))) {
    return 'aud must be a string or a non-empty array of strings';
  }
  if (typeof payload.exp !== 'number' || !Number.isFinite(payload.exp)) return 'exp must be a number';
  for (const claim of ['nbf', 'iat'] as const) {
    if (payload[claim] !== undefined && (typeof payload[claim] !== 'number' || !Number.isFinite(payload[claim]))) return `${claim} must be a number`;
  }
  return undefined;
}

/** A strict compact JWS whose header and claims have the shapes the later checks rely on. */
export const assertionFormatCheck: ExchangeCheck = {
  name: 'assertion-format',
  stage: 'assertion',
  run(ctx) {
    const token = must(ctx.assertion, 'assertion');
    try {
      ctx.jwt = precheckCompactJwt(token);
    } catch (error) {
      if (error instanceof MalformedJwt) throw entraFailure(50027, {}, `the assertion is not a well-formed compact JWT: ${error.problem}`);
      throw error;
    }
    const { header, payload } = ctx.jwt;
    if (typeof header.alg !== 'string') throw entraFailure(50027, {}, 'the JOSE header has no alg');
    if (header.crit !== undefined) throw entraFailure(50027, {}, 'the JOSE header has crit extensions, which are not supported');
    const problem = claimProblem(payload);
    if (problem) throw entraFailure(50027, {}, problem);
  },
};
