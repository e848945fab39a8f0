import { claimOutside, flexibleIssuerFor } from '../../claims-expression/flexible-issuers.js';
import { entraFailure } from '../../errors/entra-failure.js';
import { must, type ExchangeCheck } from '../exchange-context.js';

/**
 * Whether Entra would evaluate the fitting flexible credentials at all: only for the issuers it
 * lists (AADSTS7002241 for any other, AWS included) and only over that issuer's top-level claims
 * (AADSTS700237). Runs before any key fetch. A credential that fits on its subject needs no
 * expression. `entra.extendedClaimsExpressions` lifts both limits (a fedlab extension). Graph
 * refuses such credentials when they are written (graph/credential-rules.ts) and the config
 * refuses them at start; this check stays for any that reach the directory another way.
 */
export const claimsExpressionPolicyCheck: ExchangeCheck = {
  name: 'claims-expression-policy',
  stage: 'assertion',
  run(ctx) {
    const candidates = must(ctx.candidates, 'candidates');
    const { directory, config } = ctx.runtime;
    if (config.extendedClaimsExpressions || candidates.some((fic) => fic.subject !== null)) return;
    const iss = String(must(ctx.jwt, 'jwt').payload.iss);
    const issuer = flexibleIssuerFor(iss);
    if (!issuer) throw entraFailure(7002241, { iss }, 'expressions are evaluated only for GitHub Actions, GitLab and Terraform Cloud issuers (entra.extendedClaimsExpressions allows any)');
    for (const fic of candidates) {
      const expression = must(directory.expressionOf(fic), `expression of ${fic.name}`);
      const claim = claimOutside(issuer, expression);
      if (claim) throw entraFailure(700237, { claim, iss }, `credential '${fic.name}': ${issuer.name} expressions may read ${issuer.claims.join(', ')} only`);
    }
  },
};
