import { evaluateClaimsExpression } from '../../claims-expression/evaluate.js';
import { entraFailure } from '../../errors/entra-failure.js';
import { must, type ExchangeCheck } from '../exchange-context.js';

/**
 * A flexible credential's claimsMatchingExpression against the verified claims. A credential
 * that matched on its subject needs none. No expression holding is AADSTS7002131 [U: code from a
 * third-party KB quoting Microsoft's notes].
 */
export const claimsExpressionCheck: ExchangeCheck = {
  name: 'claims-expression',
  stage: 'assertion',
  run(ctx) {
    const candidates = must(ctx.candidates, 'candidates');
    const claims = must(ctx.verified, 'verified') as Record<string, unknown>;
    const bySubject = candidates.find((fic) => fic.subject !== null);
    if (bySubject) {
      ctx.matchedCredential = bySubject;
      return;
    }
    const failures: string[] = [];
    for (const fic of candidates) {
      const expression = must(ctx.runtime.directory.expressionOf(fic), `expression of ${fic.name}`);
      const result = evaluateClaimsExpression(expression, claims);
      if (result.matched) {
        ctx.matchedCredential = fic;
        return;
      }
      const { comparison, actual } = result.failed!;
      const path = comparison.path.map((p) => `['${p}']`).join('');
      failures.push(`${fic.name}: claims${path} ${comparison.operator} '${comparison.value}' does not hold (claim is ${JSON.stringify(actual) ?? 'absent'})`);
    }
    throw entraFailure(7002131, { sub: String(claims.sub) }, failures.join('; '));
  },
};
