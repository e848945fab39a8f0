import type { JWTPayload } from 'jose';
import { MalformedJwt, precheckCompactJwt } from '../../../core/jwt/compact-precheck.js';
import { entraFailure } from '../../errors/entra-failure.js';
import { must, type ExchangeCheck } from '../exchange-context.js';

const MAX_JTI_LENGTH = 256;

/** Why a decoded payload cannot be an assertion, or undefined when its claims have usable types. */
function claimProblem(payload: JWTPayload): string | undefined {
  if (typeof payload.iss !== 'string' || payload.iss === '') return 'iss must be a non-empty string';
  if (typeof payload.sub !== 'string' || payload.sub === '') return 'sub must be a non-empty string';
  const aud = payload.aud;
  if (!(typeof aud === 'string' || (Array.isArray(aud) && aud.length > 0 && aud.every((a) => typeof a === 'string')))) {
    return 'aud must be a string or a non-empty array of strings';
  }
  if (typeof payload.exp !== 'number' || !Number.isFinite(payload.exp)) return 'exp must be a number';
  // iat is required: the lifetime cap (exp - iat <= 25 h) needs it (docs/security.md, pinned).
  if (typeof payload.iat !== 'number' || !Number.isFinite(payload.iat)) return 'iat must be a number';
  if (payload.nbf !== undefined && (typeof payload.nbf !== 'number' || !Number.isFinite(payload.nbf))) return 'nbf must be a number';
  // jti is optional (older Kubernetes tokens have none) but, when present, is what replay state is keyed on.
  if (payload.jti !== undefined && (typeof payload.jti !== 'string' || payload.jti === '' || payload.jti.length > MAX_JTI_LENGTH || /[\u0000-\u001f\u007f]/.test(payload.jti))) {
    return `jti must be a non-empty string of at most ${MAX_JTI_LENGTH} characters, without control characters`;
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
    const { payload } = ctx.jwt;
    const problem = claimProblem(payload);
    if (problem) throw entraFailure(50027, {}, problem);
  },
};
