import { CheckFailure, type Check } from '../../core/checks.js';
import type { Account } from '../accounts/account.js';

/** The IAM switch's two refusals: enabling twice (409) and anything but Enable while off (404). */

export const federationIsOff: Check<Account> = {
  name: 'federation-not-yet-enabled',
  run(account) {
    if (account.federationEnabled) throw new CheckFailure('FeatureEnabled', 'Outbound web identity federation is already enabled for this account.', 409);
  },
};

export function federationIsOn(message: string): Check<Account> {
  return {
    name: 'federation-enabled',
    run(account) {
      if (!account.federationEnabled) throw new CheckFailure('FeatureDisabled', message, 404);
    },
  };
}
