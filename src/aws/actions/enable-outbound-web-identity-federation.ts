import { setAccountFederation } from '../accounts/federation-switch.js';
import type { Account } from '../accounts/account.js';
import type { QueryAction } from '../awsquery/action.js';
import { authorizationCheck } from '../iam/action-authorization.js';
import { enforceChecks } from '../awsquery/rejection.js';
import { IAM } from '../awsquery/services.js';
import { textElement } from '../awsquery/xml.js';
import { federationIsOff } from '../iam/federation-state-checks.js';

/** iam:EnableOutboundWebIdentityFederation — the issuer stays the same across disable/enable. */
export const enableOutboundWebIdentityFederation: QueryAction = {
  name: 'EnableOutboundWebIdentityFederation',
  service: IAM,
  async handle(call) {
    const { account } = call.caller;
    await enforceChecks([authorizationCheck<Account>(call, 'iam:EnableOutboundWebIdentityFederation'), federationIsOff], account);
    setAccountFederation(call.party, account, true, 'iam');
    call.audit.responseElements = { issuerIdentifier: account.issuerUrl };
    return [textElement('IssuerIdentifier', account.issuerUrl)];
  },
};
