import { entraFailure } from '../../errors/entra-failure.js';
import type { ExchangeCheck } from '../exchange-context.js';

/** Every parameter at most once: Express turns `a=1&a=2` into an array, Entra refuses it. */
export const requestParametersCheck: ExchangeCheck = {
  name: 'request-parameters',
  stage: 'request',
  run(ctx) {
    // No prototype: a parameter named like an Object method is just a parameter.
    const params: Record<string, string> = Object.create(null);
    for (const [name, value] of Object.entries(ctx.request.form)) {
      if (Array.isArray(value)) throw entraFailure(9000411, { name });
      if (typeof value === 'string') params[name] = value;
    }
    ctx.params = params;
  },
};
