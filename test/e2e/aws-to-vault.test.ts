import { SecretClient } from '@azure/keyvault-secrets';
import type { TokenCredential } from '@azure/identity';
import { startFedlab, azureTlsOptions, type Fedlab } from 'fedlab';

let fedlab: Fedlab;
beforeAll(async () => {
  fedlab = await startFedlab({ ports: 'auto' });
});
afterAll(() => fedlab.close());

function secretClient(credential: TokenCredential = fedlab.assertionCredential()) {
  return new SecretClient(fedlab.urls.vault!.url, credential, { ...azureTlsOptions(fedlab.ca), disableChallengeResourceVerification: true });
}

test('SecretClient reads demo-secret with a ClientAssertionCredential whose assertion is an AWS STS token', async () => {
  const secret = await secretClient().getSecret('demo-secret');
  expect(secret.value).toBe('hello from Azure, fetched with no long-lived secret');
  const read = fedlab.events.recent().filter((e) => e.party === 'vault' && e.type === 'secret-read');
  expect(read.length).toBeGreaterThan(0);
});

test('an ES384 AWS token works the same way', async () => {
  const secret = await secretClient(fedlab.assertionCredential({ algorithm: 'ES384' })).getSecret('demo-secret');
  expect(secret.name).toBe('demo-secret');
});

test('an application without an access policy is refused with 403 Forbidden', async () => {
  const analytics = fedlab.assertionCredential({ principalArn: 'arn:aws:iam::111122223333:role/fedlab-restricted', clientId: '7e3f2a1b-8c4d-4e5f-9a6b-5c4d3e2f1a04' });
  await expect(secretClient(analytics).getSecret('demo-secret')).rejects.toMatchObject({ statusCode: 403, code: 'Forbidden' });
});

test('a token for another resource (Graph) is refused with 401', async () => {
  const credential = fedlab.assertionCredential();
  const graphToken = await credential.getToken('https://graph.microsoft.com/.default');
  const wrongAudience = { getToken: async () => graphToken };
  await expect(secretClient(wrongAudience).getSecret('demo-secret')).rejects.toMatchObject({ statusCode: 401, code: 'Unauthorized' });
});
