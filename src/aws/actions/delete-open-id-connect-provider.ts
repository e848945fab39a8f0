import type { QueryAction } from '../awsquery/action.js';
import { enforceChecks } from '../awsquery/rejection.js';
import { IAM } from '../awsquery/services.js';
import { providerCallChecks, type ProviderCallContext } from '../oidc/provider-checks.js';

/** iam:DeleteOpenIDConnectProvider — NoSuchEntity for an unknown ARN. */
export const deleteOpenIdConnectProvider: QueryAction = {
  name: 'DeleteOpenIDConnectProvider',
  service: IAM,
  async handle(call) {
    const ctx: ProviderCallContext = {};
    await enforceChecks(providerCallChecks(call, 'iam:DeleteOpenIDConnectProvider'), ctx);
    const { party, caller: { account } } = call;
    party.oidcProviders.delete(ctx.provider!.arn);
    party.ctx.events.publish({ party: 'aws', type: 'oidc-provider-deleted', accountId: account.id, arn: ctx.provider!.arn });
    return undefined;
  },
};
