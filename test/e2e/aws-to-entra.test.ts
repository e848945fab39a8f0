import { ConfidentialClientApplication } from '@azure/msal-node';
import { ClientAssertionCredential } from '@azure/identity';
import { GetWebIdentityTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { createRemoteJWKSet, customFetch, decodeJwt, jwtVerify } from 'jose';
import { createMsalNetworkClient } from '../../src/client/msal-network-client.js';
import { azureTlsOptions, createTrustingFetch } from '../../src/client/trust.js';
import { startFedlab, type Fedlab } from '../../src/start-fedlab.js';

const WORKLOAD = 'arn:aws:iam::111122223333:role/fedlab-workload';
const VAULT_SCOPE = 'https://vault.azure.net/.default';

let fedlab: Fedlab;
let sts: STSClient;
beforeAll(async () => {
  fedlab = await startFedlab({ ports: 'auto' });
  sts = new STSClient({ endpoint: fedlab.urls.aws.endpoint, region: 'us-east-1', credentials: fedlab.awsCredentials(WORKLOAD), maxAttempts: 1 });
});
afterAll(async () => {
  sts?.destroy();
  await fedlab?.close();
});

/** The real AWS SDK: sts:GetWebIdentityToken for Entra's audience. */
async function awsToken(audience = 'api://AzureADTokenExchange'): Promise<string> {
  const result = await sts.send(new GetWebIdentityTokenCommand({ Audience: [audience], SigningAlgorithm: 'RS256', DurationSeconds: 300 }));
  return result.WebIdentityToken!;
}

test('AWS SDK token → @azure/identity ClientAssertionCredential → vault token from the fake Entra', async () => {
  const credential = new ClientAssertionCredential(fedlab.tenantId!, fedlab.clientId!, () => awsToken(), {
    authorityHost: fedlab.entraAuthorityHost!,
    disableInstanceDiscovery: true,
    ...azureTlsOptions(fedlab.ca),
  });
  const token = await credential.getToken(VAULT_SCOPE);
  const claims = decodeJwt(token.token);
  expect(claims).toMatchObject({ aud: 'https://vault.azure.net', appid: fedlab.clientId, tid: fedlab.tenantId, ver: '1.0' });

  // A resource server verifies it through the tenant's v1 discovery and keys.
  const fetch = createTrustingFetch(fedlab.ca);
  const discovery = await (await fetch(`${fedlab.entraAuthorityHost}/${fedlab.tenantId}/.well-known/openid-configuration`)).json();
  const keys = createRemoteJWKSet(new URL(discovery.jwks_uri), { [customFetch]: fetch as never });
  await expect(jwtVerify(token.token, keys, { issuer: discovery.issuer, audience: 'https://vault.azure.net' })).resolves.toBeDefined();
});

test('AWS SDK token → msal-node acquireTokenByClientCredential; the AWS issuer was fetched over HTTP by Entra', async () => {
  const app = new ConfidentialClientApplication({
    auth: {
      clientId: fedlab.clientId!,
      authority: `${fedlab.entraAuthorityHost}/${fedlab.tenantId}`,
      knownAuthorities: [new URL(fedlab.entraAuthorityHost!).host],
      clientAssertion: () => awsToken(),
    },
    system: { networkClient: createMsalNetworkClient(createTrustingFetch(fedlab.ca)) },
  });
  const result = await app.acquireTokenByClientCredential({ scopes: [VAULT_SCOPE] });
  expect(decodeJwt(result!.accessToken).oid).toBe(fedlab.config.entra!.tenants[0]!.applications[0]!.servicePrincipalId);
  const accepted = fedlab.events.recent().filter((e) => e.party === 'entra' && e.type === 'exchange-accepted');
  expect(accepted.at(-1)).toMatchObject({ assertion: { iss: fedlab.urls.aws.issuers['111122223333'], sub: WORKLOAD }, credential: 'aws-fedlab-workload' });
});

test("the seed's aws-workload-short-audience application takes the audience spelled api:AzureADTokenExchange", async () => {
  const shortAudienceApp = fedlab.config.entra!.tenants[0]!.applications.find((a) => a.displayName === 'aws-workload-short-audience')!;
  const credential = new ClientAssertionCredential(fedlab.tenantId!, shortAudienceApp.appId, () => awsToken('api:AzureADTokenExchange'), {
    authorityHost: fedlab.entraAuthorityHost!,
    disableInstanceDiscovery: true,
    ...azureTlsOptions(fedlab.ca),
  });
  const token = await credential.getToken('https://management.azure.com/.default');
  expect(decodeJwt(token.token).aud).toBe('https://management.azure.com');
});
