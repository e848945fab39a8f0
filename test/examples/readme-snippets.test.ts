/** The README's client snippets, as written there, against an in-process fedlab instead of `npm start`. */
import { GetWebIdentityTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { ClientAssertionCredential } from '@azure/identity';
import { SecretClient } from '@azure/keyvault-secrets';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { decodeJwt } from 'jose';
import { createMsalNetworkClient, createTrustingFetch, startFedlab, type Fedlab } from 'fedlab';

let fedlab: Fedlab;
let sts: STSClient;
beforeAll(async () => {
  fedlab = await startFedlab({ ports: 'auto' });
});
afterAll(async () => {
  sts?.destroy();
  await fedlab.close();
});

const tenantId = '8c1f6a52-3c0e-4f2e-9d51-6f0b1d2a7e10';
const clientId = '4b7e2c1a-9f3d-4e8b-a6c5-2d1f0e9b8a71';

test('AWS SDK → @azure/identity → SecretClient, and msal-node, exactly as the README shows them', async () => {
  const caPem = fedlab.ca;
  const authorityHost = fedlab.entraAuthorityHost!;

  sts = new STSClient({
    endpoint: fedlab.urls.aws.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
  });
  const { WebIdentityToken: awsToken } = await sts.send(
    new GetWebIdentityTokenCommand({ Audience: ['api://AzureADTokenExchange'], SigningAlgorithm: 'RS256', DurationSeconds: 900 }),
  );
  expect(decodeJwt(awsToken!)).toMatchObject({ sub: 'arn:aws:iam::111122223333:role/fedlab-workload', iss: fedlab.urls.aws.issuers['111122223333'] });

  const credential = new ClientAssertionCredential(tenantId, clientId, async () => awsToken!, {
    authorityHost,
    disableInstanceDiscovery: true,
    tlsOptions: { ca: caPem },
  });
  const { token } = await credential.getToken('https://vault.azure.net/.default');
  expect(decodeJwt(token)).toMatchObject({ aud: 'https://vault.azure.net', appid: clientId, tid: tenantId });

  const authorityHostPort = new URL(authorityHost).host;
  const app = new ConfidentialClientApplication({
    auth: { clientId, authority: `${authorityHost}/${tenantId}`, knownAuthorities: [authorityHostPort], clientAssertion: async () => awsToken! },
    system: { networkClient: createMsalNetworkClient(createTrustingFetch(caPem)) },
  });
  const result = await app.acquireTokenByClientCredential({ scopes: ['https://vault.azure.net/.default'] });
  expect(decodeJwt(result!.accessToken)).toMatchObject({ aud: 'https://vault.azure.net', appid: clientId });

  const vault = new SecretClient(fedlab.urls.vault!.url, credential, {
    tlsOptions: { ca: caPem },
    disableChallengeResourceVerification: true,
  });
  const secret = await vault.getSecret('demo-secret');
  expect(secret.value).toBe('hello from Azure, fetched with no long-lived secret');
});
