import { ClientAssertionCredential } from '@azure/identity';
import { SecretClient } from '@azure/keyvault-secrets';
import { GetWebIdentityTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { azureTlsOptions } from '../../src/client/trust.js';
import { startFedlab, type Fedlab } from '../../src/start-fedlab.js';

let fedlab: Fedlab;
const stsClients: STSClient[] = [];
beforeAll(async () => {
  fedlab = await startFedlab({ ports: 'auto' });
});
afterAll(async () => {
  for (const sts of stsClients) sts.destroy();
  await fedlab?.close();
});

/** The whole chain with real clients: AWS SDK → @azure/identity at the fake Entra → SecretClient at the vault. */
function vaultClientFor(roleArn: string, clientId: string): SecretClient {
  const sts = new STSClient({ endpoint: fedlab.urls.aws.endpoint, region: 'us-east-1', credentials: fedlab.awsCredentials(roleArn), maxAttempts: 1 });
  stsClients.push(sts);
  const awsToken = async () =>
    (await sts.send(new GetWebIdentityTokenCommand({ Audience: ['api://AzureADTokenExchange'], SigningAlgorithm: 'RS256', DurationSeconds: 300 }))).WebIdentityToken!;
  const credential = new ClientAssertionCredential(fedlab.tenantId!, clientId, awsToken, {
    authorityHost: fedlab.entraAuthorityHost!,
    disableInstanceDiscovery: true,
    ...azureTlsOptions(fedlab.ca),
  });
  return new SecretClient(fedlab.urls.vault!.url, credential, { ...azureTlsOptions(fedlab.ca), disableChallengeResourceVerification: true, retryOptions: { maxRetries: 0 } });
}

test('an AWS role reads demo-secret from the vault with no long-lived Azure secret', async () => {
  const client = vaultClientFor('arn:aws:iam::111122223333:role/fedlab-workload', fedlab.clientId!);
  const secret = await client.getSecret('demo-secret');
  expect(secret.value).toBe('hello from Azure, fetched with no long-lived secret');
  const read = fedlab.events.recent().filter((e) => e.party === 'vault' && e.type === 'secret-read').at(-1);
  expect(read).toMatchObject({ name: 'demo-secret', oid: fedlab.config.entra!.tenants[0]!.applications[0]!.servicePrincipalId, appid: fedlab.clientId, vaultUrl: fedlab.urls.vault!.url });
});

test('an application Entra trusts but the vault has no access policy for is Forbidden', async () => {
  const analytics = fedlab.config.entra!.tenants[0]!.applications.find((app) => app.displayName === 'aws-analytics')!;
  const client = vaultClientFor('arn:aws:iam::111122223333:role/fedlab-restricted', analytics.appId);
  await expect(client.getSecret('demo-secret')).rejects.toMatchObject({
    statusCode: 403,
    code: 'Forbidden',
    message: expect.stringContaining(`'appid=${analytics.appId};oid=${analytics.servicePrincipalId};iss=https://sts.windows.net/${fedlab.tenantId}/' does not have secrets get permission`),
  });
});
