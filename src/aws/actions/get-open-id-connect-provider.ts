import type { QueryAction } from '../awsquery/action.js';
import { enforceChecks } from '../awsquery/rejection.js';
import { IAM } from '../awsquery/services.js';
import { memberListElement, textElement } from '../awsquery/xml.js';
import { providerCallChecks, type ProviderCallContext } from '../oidc/provider-checks.js';
import { providerHost } from '../oidc/provider-store.js';

/** iam:GetOpenIDConnectProvider — `Url` without its scheme, as IAM answers it. */
export const getOpenIdConnectProvider: QueryAction = {
  name: 'GetOpenIDConnectProvider',
  service: IAM,
  async handle(call) {
    const ctx: ProviderCallContext = {};
    await enforceChecks(providerCallChecks(call, 'iam:GetOpenIDConnectProvider'), ctx);
    const provider = ctx.provider!;
    return [
      ...memberListElement('ThumbprintList', provider.thumbprints),
      textElement('CreateDate', provider.createdAt.toISOString()),
      ...memberListElement('ClientIDList', provider.clientIds),
      textElement('Url', providerHost(provider.url)),
    ];
  },
};
