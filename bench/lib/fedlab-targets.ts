import type { FedlabServerInfo } from '../servers/fedlab-server.js';
import { CLIENT_ID, JWT_BEARER_ASSERTION_TYPE, JWT_TOKEN_TYPE, SCOPE, TENANT_ID, TOKEN_EXCHANGE_GRANT, type SubjectAlgorithm } from './fixture.js';
import { mintAssertions } from './mint-assertions.js';
import { signedStsRequests, type SignedStsRequests } from './signed-sts-requests.js';
import { expectAccessToken, FORM, type Target, type UnavailableTarget } from './target.js';

export interface FedlabTargets {
  targets: (Target | UnavailableTarget)[];
  dispose(): void;
}

function stsTarget(endpoint: string, alg: SubjectAlgorithm, signed: SignedStsRequests): Target {
  return {
    id: `fedlab STS ${alg}`,
    server: 'fedlab',
    work: `GetWebIdentityToken (awsQuery, SigV4 verified), sign ${alg}`,
    request: { url: `${endpoint}/`, headers: signed.current().headers, body: signed.current().body, currentHeaders: () => signed.current().headers },
    checkResponse: (status, body) => (status === 200 && body.includes('<WebIdentityToken>') ? undefined : `HTTP ${status}: ${body.slice(0, 300)}`),
  };
}

function entraTarget(id: string, work: string, tokenUrl: string | undefined, ca: string, form: Record<string, string>): Target | UnavailableTarget {
  if (!tokenUrl) return { id, server: 'fedlab', work, unavailable: 'fedlab has no Entra party in this build (startFedlab().urls.entra is missing)' };
  return { id, server: 'fedlab', work, request: { url: tokenUrl, headers: { 'content-type': FORM }, body: new URLSearchParams(form).toString(), ca }, checkResponse: expectAccessToken };
}

/** Mints the assertions through fedlab's own STS (real AWS SDK), then describes every fedlab target. */
export async function prepareFedlabTargets(info: FedlabServerInfo): Promise<FedlabTargets> {
  const assertions = await mintAssertions(info.awsEndpoint, info.credentials);
  const signedRs = await signedStsRequests(info.awsEndpoint, info.credentials, 'RS256');
  const signedEs = await signedStsRequests(info.awsEndpoint, info.credentials, 'ES384');
  const tokenUrl = info.entraAuthorityHost ? new URL(`/${TENANT_ID}/oauth2/v2.0/token`, info.entraAuthorityHost).toString() : undefined;
  const clientCredentials = (alg: SubjectAlgorithm) => ({ client_id: CLIENT_ID, scope: SCOPE, grant_type: 'client_credentials', client_assertion_type: JWT_BEARER_ASSERTION_TYPE, client_assertion: assertions[alg] });
  return {
    targets: [
      entraTarget('fedlab exchange RS256', 'Entra client_credentials + AWS RS256 assertion (verify, FIC match), sign RS256', tokenUrl, info.caPem, clientCredentials('RS256')),
      entraTarget('fedlab exchange ES384', 'Entra client_credentials + AWS ES384 assertion (verify, FIC match), sign RS256', tokenUrl, info.caPem, clientCredentials('ES384')),
      entraTarget('fedlab RFC 8693 RS256', 'RFC 8693 token-exchange grant, AWS RS256 subject token, sign RS256', tokenUrl, info.caPem, {
        grant_type: TOKEN_EXCHANGE_GRANT,
        client_id: CLIENT_ID,
        scope: SCOPE,
        subject_token: assertions.RS256,
        subject_token_type: JWT_TOKEN_TYPE,
      }),
      stsTarget(info.awsEndpoint, 'RS256', signedRs),
      stsTarget(info.awsEndpoint, 'ES384', signedEs),
    ],
    dispose: () => {
      signedRs.stop();
      signedEs.stop();
    },
  };
}
