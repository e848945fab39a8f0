import type { FedlabConfigInput } from '../../src/config.js';
import { startFedlab, type Fedlab } from '../../src/start-fedlab.js';
import { defaultConfigObject, withFreePorts } from '../helpers/temp-config.js';

const TENANT = '8c1f6a52-3c0e-4f2e-9d51-6f0b1d2a7e10';
const LIST = 'https://management.azure.com/subscriptions/d2a7e10f-6a52-4c0e-8f2e-9d518c1f6a52/resourceGroups/fedlab-rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities?api-version=2024-11-30';

let fedlab: Fedlab;
beforeAll(async () => {
  const config = withFreePorts(defaultConfigObject());
  delete config.console;
  delete config.github;
  fedlab = await startFedlab({ config: config as FedlabConfigInput, proxy: { port: 0 } });
});
afterAll(() => fedlab.close());

test('through the proxy https://management.azure.com is ARM: its challenge names the real authority, and the tenant management token is accepted', async () => {
  const anonymous = await fedlab.proxyFetch!(LIST);
  expect(anonymous.status).toBe(401);
  expect(anonymous.headers.get('www-authenticate')).toContain(`authorization_uri="https://login.microsoftonline.com/${TENANT}"`);
  const { token } = await fedlab.assertionCredential().getToken('https://management.azure.com/.default');
  const listed = await fedlab.proxyFetch!(LIST, { headers: { authorization: `Bearer ${token}` } });
  expect(listed.status).toBe(200);
  expect(await listed.json()).toEqual({ value: [] });
});
