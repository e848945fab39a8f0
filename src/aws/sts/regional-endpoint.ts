import { CheckFailure, type Check } from '../../core/checks.js';
import type { MintContext } from './mint-context.js';

/** The global endpoint's names (reached through fedlab's proxy). */
const GLOBAL_ENDPOINT = /^sts\.amazonaws\.com(:443)?$/i;

/**
 * GetWebIdentityToken is "not available on the STS Global endpoint" (AWS API reference); AWS's
 * exact error there is not documented, so fedlab answers InvalidAction naming the regional form.
 */
export const regionalEndpoint: Check<MintContext> = {
  name: 'regional-endpoint',
  run({ host, region }) {
    if (host && GLOBAL_ENDPOINT.test(host)) {
      throw new CheckFailure('InvalidAction', `GetWebIdentityToken is not available on the STS global endpoint (sts.amazonaws.com); call a regional endpoint such as sts.${region === 'aws-global' ? 'us-east-1' : region}.amazonaws.com.`, 400);
    }
  },
};
