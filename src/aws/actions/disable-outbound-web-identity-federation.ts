import { setAccountFederation } from '../accounts/federation-switch.js';
import type { Account } from '../accounts/account.js';
import type { QueryAction } from '../awsquery/action.js';
import { authorizationCheck } from '../iam/action-authorization.js';
import { enforceChecks } from '../awsquery/rejection.js';
import { IAM } from '../awsquery/services.js';
import { federationIsOn } from '../iam/federation-state-checks.js';

const ALREADY_DISABLED = 'Outbound web identity federation is already disabled for this account. You cannot disable it multiple times.';

/** iam:DisableOutboundWebIdentityFederation — tokens already issued stay verifiable (the JWKS keeps being served). */
export const disableOutboundWebIdentityFederation: QueryAction = {
  name: 'DisableOutboundWebIdentityFederation',
  service: IAM,
  async handle(call) {
    const { account } = call.caller;
    await enforceChecks([authorizationCheck<Account>(call, 'iam:DisableOutboundWebIdentityFederation'), federationIsOn(ALREADY_DISABLED)], account);
    setAccountFederation(call.party, account, false, 'iam');
    return undefined;
  },
};
