import { must, type ExchangeCheck } from '../exchange-context.js';

/** The grant's external token is there (client_assertion, or RFC 8693's subject_token). */
export const assertionPresentCheck: ExchangeCheck = {
  name: 'assertion-present',
  stage: 'assertion',
  run(ctx) {
    ctx.assertion = must(ctx.grant, 'grant').presentedToken(ctx);
  },
};
