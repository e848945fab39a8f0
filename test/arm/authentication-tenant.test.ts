import type { FedlabConfigInput } from '../../src/config.js';
import { startFedlab, type Fedlab } from '../../src/start-fedlab.js';
import { defaultConfigObject, withFreePorts } from '../helpers/temp-config.js';

/**
 * ARM accepts only tokens of its subscriptions' tenant (`arm.tenant`). A token Entra issued in
 * another tenant verifies (Entra signs every tenant's tokens with the same keys), then is refused
 * at check `tenant` with ARM's InvalidAuthenticationTokenTenant text.
 */
const WORKLOAD_TENANT = '8c1f6a52-3c0e-4f2e-9d51-6f0b1d2a7e10';
const SUBSCRIPTIONS_TENANT = 'e5b7c9d1-2f4a-4b6c-8d0e-1f2a3b4c5d6e';
const SUB = 'd2a7e10f-6a52-4c0e-8f2e-9d518c1f6a52';
const LIST = `/subscriptions/${SUB}/resourceGroups/fedlab-rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities?api-version=2024-11-30`;

let fedlab: Fedlab;
beforeAll(async () => {
  const config = withFreePorts(defaultConfigObject()) as any;
  delete config.console;
  delete config.github;
  config.entra.tenants.push({ id: SUBSCRIPTIONS_TENANT, displayName: 'fedlab-subscriptions', domains: ['fedlabsubscriptions.onmicrosoft.com'], applications: [] });
  config.arm.tenant = SUBSCRIPTIONS_TENANT;
  fedlab = await startFedlab({ config: config as FedlabConfigInput });
});
afterAll(() => fedlab.close());

test("a management token of another tenant is InvalidAuthenticationTokenTenant, naming ARM's tenant and its authority", async () => {
  const { token } = await fedlab.assertionCredential().getToken('https://management.azure.com/.default');
  const response = await fedlab.fetch(fedlab.urls.arm!.url + LIST, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(401);
  expect(response.headers.get('x-fedlab-failed-check')).toBe('tenant');
  const { error } = await response.json();
  expect(error.code).toBe('InvalidAuthenticationTokenTenant');
  const authorityHost = fedlab.urls.entra!.authorityHost;
  expect(error.message).toMatch(new RegExp(`^The access token is from the wrong issuer '[^']*${WORKLOAD_TENANT}/?'\\. It must match the tenant '[^']*${SUBSCRIPTIONS_TENANT}/?' associated with this subscription\\. Please use the authority \\(URL\\) '${authorityHost.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/${SUBSCRIPTIONS_TENANT}' to get the token\\.`));
  expect(response.headers.get('www-authenticate')).toContain(`authorization_uri="${authorityHost}/${SUBSCRIPTIONS_TENANT}"`);
});
