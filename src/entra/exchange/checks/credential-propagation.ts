import { entraFailure } from '../../errors/entra-failure.js';
import { must, type ExchangeCheck } from '../exchange-context.js';

/**
 * A credential created at runtime works only once `entra.ficPropagationSeconds` have passed
 * (party clock). Real Entra documents AADSTS70021 for a request made too soon after the
 * credential was added; fedlab answers that while every fitting credential is still propagating.
 */
export const credentialPropagationCheck: ExchangeCheck = {
  name: 'credential-propagation',
  stage: 'assertion',
  run(ctx) {
    const now = ctx.runtime.ctx.clock.nowMs();
    const candidates = must(ctx.candidates, 'candidates');
    const ready = candidates.filter((fic) => fic.availableFromMs === undefined || fic.availableFromMs <= now);
    if (ready.length > 0) {
      ctx.candidates = ready;
      return;
    }
    const { iss, sub, aud } = must(ctx.jwt, 'jwt').payload as { iss: string; sub: string; aud: string | string[] };
    const waits = candidates.map((fic) => `${fic.name} in ${Math.ceil((fic.availableFromMs! - now) / 1000)} s`);
    throw entraFailure(70021, { iss, sub, aud: typeof aud === 'string' ? aud : aud.join(',') }, `the fitting credential is still propagating: ${waits.join(', ')}`);
  },
};
