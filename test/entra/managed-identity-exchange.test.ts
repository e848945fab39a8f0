import { decodeJwt } from 'jose';
import type { FedlabConfigInput } from '../../src/config.js';
import { startFedlab, type Fedlab } from '../../src/start-fedlab.js';
import { defaultConfigObject, withFreePorts } from '../helpers/temp-config.js';

const SUBSCRIPTION = 'd2a7e10f-6a52-4c0e-8f2e-9d518c1f6a52';
const MI_CLIENT_ID = '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a81';
const MI_PRINCIPAL_ID = '6f7a8b9c-0d1e-4f2a-9b3c-4d5e6f7a8b92';
const WORKLOAD = 'arn:aws:iam::111122223333:role/fedlab-workload';

let fedlab: Fedlab;
beforeAll(async () => {
  const config = withFreePorts(defaultConfigObject());
  delete config.console;
  config.entra.tenants[0].managedIdentities = [
    {
      name: 'fedlab-mi',
      subscriptionId: SUBSCRIPTION,
      resourceGroup: 'fedlab-rg',
      clientId: MI_CLIENT_ID,
      principalId: MI_PRINCIPAL_ID,
      federatedIdentityCredentials: [{ name: 'aws-workload', issuer: 'aws:111122223333', subject: WORKLOAD, audiences: ['api://AzureADTokenExchange'] }],
    },
  ];
  fedlab = await startFedlab({ config: config as FedlabConfigInput });
});
afterAll(() => fedlab.close());

test("ClientAssertionCredential with a managed identity's client id gets a token whose oid is the identity's principal id", async () => {
  const token = await fedlab.assertionCredential({ clientId: MI_CLIENT_ID }).getToken('https://vault.azure.net/.default');
  expect(decodeJwt(token.token)).toMatchObject({ appid: MI_CLIENT_ID, oid: MI_PRINCIPAL_ID, sub: MI_PRINCIPAL_ID, idtyp: 'app', aud: 'https://vault.azure.net' });
});

test('a role the identity has no credential for is refused with AADSTS700213 (as Entra answers for managed identities)', async () => {
  const other = fedlab.assertionCredential({ clientId: MI_CLIENT_ID, principalArn: 'arn:aws:iam::111122223333:role/fedlab-session' });
  await expect(other.getToken('https://vault.azure.net/.default')).rejects.toThrow(/AADSTS700213/);
});

test("a second audience on a managed identity's credential is a configuration error", async () => {
  const config = withFreePorts(defaultConfigObject());
  config.entra.tenants[0].managedIdentities = [
    { name: 'two-audiences', subscriptionId: SUBSCRIPTION, resourceGroup: 'fedlab-rg', federatedIdentityCredentials: [{ name: 'x-fic', issuer: 'aws:111122223333', subject: WORKLOAD, audiences: ['a', 'b'] }] },
  ];
  await expect(startFedlab({ config: config as FedlabConfigInput })).rejects.toThrow(/exactly one audience/);
});

test('a managed identity whose client id is an application id is a configuration error', async () => {
  const config = withFreePorts(defaultConfigObject());
  const appId = config.entra.tenants[0].applications[0].appId;
  config.entra.tenants[0].managedIdentities = [{ name: 'clash', subscriptionId: SUBSCRIPTION, resourceGroup: 'fedlab-rg', clientId: appId }];
  await expect(startFedlab({ config: config as FedlabConfigInput })).rejects.toThrow(/duplicate client id/);
});
