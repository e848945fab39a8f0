import type { QueryAction } from '../awsquery/action.js';
import { enforceChecks } from '../awsquery/rejection.js';
import { IAM } from '../awsquery/services.js';
import { textElement } from '../awsquery/xml.js';
import { authorizationCheck } from '../iam/action-authorization.js';

/** iam:ListOpenIDConnectProviders — the caller's account only; the action has no resource type (`*`). */
export const listOpenIdConnectProviders: QueryAction = {
  name: 'ListOpenIDConnectProviders',
  service: IAM,
  async handle(call) {
    await enforceChecks([authorizationCheck(call, 'iam:ListOpenIDConnectProviders')], null);
    const members = call.party.oidcProviders.list(call.caller.account.id).flatMap((p) => ['  <member>', `    ${textElement('Arn', p.arn)}`, '  </member>']);
    return ['<OpenIDConnectProviderList>', ...members, '</OpenIDConnectProviderList>'];
  },
};
