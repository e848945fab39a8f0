import type { Account } from '../accounts/account.js';
import type { QueryAction } from '../awsquery/action.js';
import { authorizationCheck } from '../iam/action-authorization.js';
import { enforceChecks } from '../awsquery/rejection.js';
import { IAM } from '../awsquery/services.js';
import { textElement } from '../awsquery/xml.js';
import { federationIsOn } from '../iam/federation-state-checks.js';

/** iam:GetOutboundWebIdentityFederationInfo — answers FeatureDisabled (404) while the switch is off. */
export const getOutboundWebIdentityFederationInfo: QueryAction = {
  name: 'GetOutboundWebIdentityFederationInfo',
  service: IAM,
  async handle(call) {
    const { account } = call.caller;
    await enforceChecks([authorizationCheck<Account>(call, 'iam:GetOutboundWebIdentityFederationInfo'), federationIsOn('Outbound web identity federation is disabled for this account.')], account);
    return [textElement('IssuerIdentifier', account.issuerUrl), textElement('JwtVendingEnabled', 'true')];
  },
};
