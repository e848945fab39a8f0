import type { QueryAction } from '../awsquery/action.js';
import { IAM } from '../awsquery/services.js';
import { textElement } from '../awsquery/xml.js';

/** iam:ListOpenIDConnectProviders — the caller's account only. */
export const listOpenIdConnectProviders: QueryAction = {
  name: 'ListOpenIDConnectProviders',
  service: IAM,
  async handle({ party, caller: { account } }) {
    const members = party.oidcProviders.list(account.id).flatMap((p) => ['  <member>', `    ${textElement('Arn', p.arn)}`, '  </member>']);
    return ['<OpenIDConnectProviderList>', ...members, '</OpenIDConnectProviderList>'];
  },
};
