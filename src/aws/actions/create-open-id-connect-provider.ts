import { CheckFailure, type Check } from '../../core/checks.js';
import type { QueryAction } from '../awsquery/action.js';
import { memberList } from '../awsquery/form-params.js';
import { enforceChecks } from '../awsquery/rejection.js';
import { IAM } from '../awsquery/services.js';
import { textElement } from '../awsquery/xml.js';
import { authorizationCheck } from '../iam/action-authorization.js';
import { providerArn } from '../oidc/provider-store.js';

interface CreateInput {
  url: string | null;
  clientIds: string[];
  thumbprints: string[];
}

const invalid = (message: string) => new CheckFailure('InvalidInput', message, 400);

const INPUT_CHECKS: readonly Check<CreateInput>[] = [
  {
    name: 'url-present',
    run({ url }) {
      if (url === null) throw new CheckFailure('ValidationError', "1 validation error detected: Value null at 'url' failed to satisfy constraint: Member must not be null", 400);
    },
  },
  {
    name: 'url-valid',
    run({ url }) {
      // IAM wants https; fedlab's own issuers are plain http on loopback (docs/deviations-aws.md).
      let parsed: URL | undefined;
      try {
        parsed = new URL(url!);
      } catch {}
      const loopbackHttp = parsed?.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname);
      if (!parsed || (parsed.protocol !== 'https:' && !loopbackHttp) || parsed.search || parsed.hash) throw invalid('Invalid Openid Connect Provider URL');
    },
  },
  {
    name: 'client-ids',
    run({ clientIds }) {
      if (clientIds.length > 100) throw invalid('Client ID list is too long');
      if (clientIds.some((c) => c.length < 1 || c.length > 255)) throw invalid('Invalid client ID');
    },
  },
  {
    name: 'thumbprints',
    run({ thumbprints }) {
      if (thumbprints.length > 5) throw new CheckFailure('LimitExceeded', 'Thumbprint list must contain fewer than 5 entries.', 409);
      if (thumbprints.some((t) => !/^[0-9a-fA-F]{40}$/.test(t))) throw invalid('Thumbprint must be 40 characters long.');
    },
  },
];

/** iam:CreateOpenIDConnectProvider — one provider per URL per account. */
export const createOpenIdConnectProvider: QueryAction = {
  name: 'CreateOpenIDConnectProvider',
  service: IAM,
  async handle(call) {
    const { party, params, caller: { account }, audit } = call;
    const input: CreateInput = { url: params.get('Url'), clientIds: memberList(params, 'ClientIDList') ?? [], thumbprints: memberList(params, 'ThumbprintList') ?? [] };
    await enforceChecks(INPUT_CHECKS, input);
    const url = input.url!.replace(/\/$/, '');
    const arn = providerArn('aws', account.id, url);
    await enforceChecks(
      [
        // Authorized on the ARN the provider will have, as IAM authorizes a create.
        authorizationCheck(call, 'iam:CreateOpenIDConnectProvider', arn),
        {
          name: 'provider-unique',
          run() {
            if (party.oidcProviders.byUrl(account.id, url)) throw new CheckFailure('EntityAlreadyExists', `Provider with url ${url} already exists.`, 409);
          },
        },
      ],
      input,
    );
    party.oidcProviders.put(account.id, { arn, url, clientIds: input.clientIds, thumbprints: input.thumbprints, createdAt: party.ctx.clock.now() });
    party.ctx.events.publish({ party: 'aws', type: 'oidc-provider-created', accountId: account.id, arn });
    audit.responseElements = { openIDConnectProviderArn: arn };
    return [textElement('OpenIDConnectProviderArn', arn)];
  },
};
