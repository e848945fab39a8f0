import type { QueryAction } from '../awsquery/action.js';
import { enforceChecks } from '../awsquery/rejection.js';
import { IAM } from '../awsquery/services.js';
import { requireProvider } from '../oidc/provider-checks.js';

/** iam:DeleteOpenIDConnectProvider — NoSuchEntity for an unknown ARN. */
export const deleteOpenIdConnectProvider: QueryAction = {
  name: 'DeleteOpenIDConnectProvider',
  service: IAM,
  async handle({ party, params, caller: { account } }) {
    const arn = params.get('OpenIDConnectProviderArn');
    await enforceChecks([{ name: 'provider-exists', run: () => void requireProvider(party, account.id, arn) }], null);
    party.oidcProviders.delete(arn!);
    party.ctx.events.publish({ party: 'aws', type: 'oidc-provider-deleted', accountId: account.id, arn });
    return undefined;
  },
};
