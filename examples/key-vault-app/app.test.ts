import { startFedlab, type Fedlab } from 'fedlab';
import { readSecret, type AppEnv } from './app.js';

const WORKLOAD_ROLE = 'arn:aws:iam::111122223333:role/fedlab-workload';

let fedlab: Fedlab;
beforeAll(async () => {
  fedlab = await startFedlab({ ports: 'auto' }); // embedded default config, free ports, state in memory
});
afterAll(() => fedlab.close());

/** The app's configuration, pointed at this fedlab: what the deployment would set as environment. */
function appEnv(role = WORKLOAD_ROLE, overrides: AppEnv = {}): AppEnv {
  const aws = fedlab.awsCredentials(role);
  return {
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_STS: fedlab.urls.aws.endpoint,
    AWS_ACCESS_KEY_ID: aws.accessKeyId,
    AWS_SECRET_ACCESS_KEY: aws.secretAccessKey,
    AZURE_TENANT_ID: fedlab.tenantId,
    AZURE_CLIENT_ID: fedlab.clientId,
    AZURE_AUTHORITY_HOST: fedlab.entraAuthorityHost,
    KEY_VAULT_URL: fedlab.urls.vault!.url,
    LOCAL_EMULATOR_CA_FILE: fedlab.urls.ca,
    ...overrides,
  };
}

test('the app reads demo-secret with a token minted by AWS STS for its role', async () => {
  await expect(readSecret('demo-secret', appEnv())).resolves.toBe('hello from Azure, fetched with no long-lived secret');
  const exchanges = fedlab.events.recent().filter((e) => e.party === 'entra' && e.type === 'exchange-accepted');
  expect(exchanges.length).toBeGreaterThan(0);
});

test('a role that no federated credential of the application trusts is refused by Entra (AADSTS700213)', async () => {
  await expect(readSecret('demo-secret', appEnv('arn:aws:iam::111122223333:role/fedlab-restricted'))).rejects.toThrow(/AADSTS700213/);
});

test('an application without an access policy on the vault gets 403 Forbidden', async () => {
  const analytics = appEnv('arn:aws:iam::111122223333:role/fedlab-restricted', { AZURE_CLIENT_ID: '7e3f2a1b-8c4d-4e5f-9a6b-5c4d3e2f1a04' });
  await expect(readSecret('demo-secret', analytics)).rejects.toMatchObject({ statusCode: 403, code: 'Forbidden' });
});
