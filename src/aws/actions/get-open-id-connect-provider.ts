import type { QueryAction } from '../awsquery/action.js';
import { enforceChecks } from '../awsquery/rejection.js';
import { IAM } from '../awsquery/services.js';
import { memberListElement, textElement } from '../awsquery/xml.js';
import { requireProvider } from '../oidc/provider-checks.js';
import { providerHost } from '../oidc/provider-store.js';

/** iam:GetOpenIDConnectProvider — `Url` without its scheme, as IAM answers it. */
export const getOpenIdConnectProvider: QueryAction = {
  name: 'GetOpenIDConnectProvider',
  service: IAM,
  async handle({ party, params, caller: { account } }) {
    let provider!: ReturnType<typeof requireProvider>;
    await enforceChecks([{ name: 'provider-exists', run: () => void (provider = requireProvider(party, account.id, params.get('OpenIDConnectProviderArn'))) }], null);
    return [
      ...memberListElement('ThumbprintList', provider.thumbprints),
      textElement('CreateDate', provider.createdAt.toISOString()),
      ...memberListElement('ClientIDList', provider.clientIds),
      textElement('Url', providerHost(provider.url)),
    ];
  },
};
