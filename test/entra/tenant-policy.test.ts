import { ClientAssertionCredential } from '@azure/identity';
import { ConfidentialClientApplication, LogLevel } from '@azure/msal-node';
import { azureTlsOptions } from '../../src/client/trust.js';
import { createMsalNetworkClient } from '../../src/client/msal-network-client.js';
import type { FedlabEvent } from '../../src/core/events.js';
import type { TenantPolicyInput } from '../../src/entra/tenant-policy/index.js';
import { expectAadsts } from './helpers/expect-aadsts.js';
import { CLIENT_ID, federatedForm, SERVICE_PRINCIPAL_ID, startTestEntra, TENANT_ID, VAULT, type TestEntra } from './helpers/test-entra.js';

const ADMIN_APP_ID = '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c61';
const ADMIN_SECRET = 'admin~secret~EXAMPLE';
const CA_POLICY_ID = '5d1c0b2a-7e6f-4a3b-8c9d-0e1f2a3b4c5d';

let lab: TestEntra;
const events: FedlabEvent[] = [];
beforeAll(async () => {
  lab = await startTestEntra((config) => {
    config.tenants[0].applications.push({ appId: ADMIN_APP_ID, displayName: 'fedlab-admin', secrets: [ADMIN_SECRET] });
    config.tenants[0].resources[0].grants.push({ appId: ADMIN_APP_ID, roles: [] });
  });
  lab.ctx.events.subscribe((e) => events.push(e));
});
afterEach(() => control('DELETE'));
afterAll(() => lab.close());

async function control(method: 'GET' | 'PUT' | 'DELETE', body?: unknown, tenant = TENANT_ID) {
  const response = await lab.fetch(`${lab.authorityHost}/_fedlab/tenant-policy/${tenant}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

const setPolicy = async (policy: TenantPolicyInput) => expect((await control('PUT', policy)).status).toBe(200);
const exchange = async () => lab.token(federatedForm(await lab.issuer.mint()));
const secretExchange = () => lab.token({ grant_type: 'client_credentials', client_id: ADMIN_APP_ID, client_secret: ADMIN_SECRET, scope: `${VAULT}/.default` });

function msalApp(): ConfidentialClientApplication {
  return new ConfidentialClientApplication({
    auth: { clientId: CLIENT_ID, authority: `${lab.authorityHost}/${TENANT_ID}`, knownAuthorities: [new URL(lab.authorityHost).host], clientAssertion: () => lab.issuer.mint() },
    system: { networkClient: createMsalNetworkClient(lab.fetch), loggerOptions: { logLevel: LogLevel.Error, loggerCallback: () => {} } },
  });
}
const assertionCredential = () => new ClientAssertionCredential(TENANT_ID, CLIENT_ID, () => lab.issuer.mint(), { authorityHost: lab.authorityHost, disableInstanceDiscovery: true, ...azureTlsOptions(lab.ca) });

test('the default policy blocks nothing: federation on, no Conditional Access', async () => {
  expect((await control('GET')).body).toEqual({ workloadIdentityFederation: 'enabled', blockedIssuers: [], disabledServicePrincipals: [], namedLocations: [], conditionalAccessPolicies: [] });
  expect((await exchange()).status).toBe(200);
});

test('federation disabled for the tenant: AADSTS700223 at check federation-policy, seen by msal-node', async () => {
  await setPolicy({ workloadIdentityFederation: 'disabled' });
  expectAadsts(await exchange(), { status: 401, error: 'invalid_client', code: 700223, check: 'federation-policy', message: /^Workload identity federation is disabled in tenant 'fedlab'/ });
  await expect(msalApp().acquireTokenByClientCredential({ scopes: [`${VAULT}/.default`] })).rejects.toMatchObject({ errorCode: 'invalid_client', errorMessage: expect.stringContaining('AADSTS700223') });
  // A client secret is no federated credential: the switch leaves it alone.
  expect((await secretExchange()).status).toBe(200);
  expect(events.some((e) => e.type === 'tenant-policy-changed' && e.change === 'replaced')).toBe(true);
});

test('an issuer blocked by the tenant (aws:<account> resolved): AADSTS700238', async () => {
  await setPolicy({ blockedIssuers: ['aws:111122223333'] });
  expectAadsts(await exchange(), { status: 401, error: 'invalid_client', code: 700238, check: 'federation-policy', message: new RegExp(`^Federated identity credentials from issuer '${lab.issuer.issuer}' are blocked`) });
  await setPolicy({ blockedIssuers: ['https://token.actions.githubusercontent.com'] });
  expect((await exchange()).status).toBe(200);
});

test('a disabled service principal: AADSTS7000112 with the application name, for both credential kinds', async () => {
  await setPolicy({ disabledServicePrincipals: [SERVICE_PRINCIPAL_ID] });
  expectAadsts(await exchange(), { status: 400, error: 'unauthorized_client', code: 7000112, check: 'service-principal-enabled', message: new RegExp(`^Application '${CLIENT_ID}'\\(aws-workload\\) is disabled\\.$`) });
  await setPolicy({ disabledServicePrincipals: [ADMIN_APP_ID] });
  expectAadsts(await secretExchange(), { status: 400, error: 'unauthorized_client', code: 7000112, check: 'service-principal-enabled', message: /\(fedlab-admin\) is disabled\.$/ });
  expect((await exchange()).status).toBe(200);
});

describe('Conditional Access for workload identities', () => {
  const blockLoopback = (state: 'enabled' | 'enabledForReportingButNotEnforced' = 'enabled'): TenantPolicyInput => ({
    namedLocations: [
      { name: 'loopback', ipRanges: ['127.0.0.0/8', '::1/128'] },
      { name: 'office', ipRanges: ['203.0.113.0/24'] },
    ],
    conditionalAccessPolicies: [{ id: CA_POLICY_ID, displayName: 'Block workloads outside the office', state, servicePrincipals: [SERVICE_PRINCIPAL_ID], locations: { include: 'All', exclude: ['office'] } }],
  });

  test('a location policy blocks the service principal: AADSTS53003 invalid_grant with the capolids challenge', async () => {
    await setPolicy(blockLoopback());
    const response = await exchange();
    expectAadsts(response, { status: 400, error: 'invalid_grant', code: 53003, check: 'conditional-access', message: /^Access has been blocked by Conditional Access policies\. The access policy does not allow token issuance\.$/ });
    expect(response.body.suberror).toBe('message_only');
    expect(JSON.parse(response.body.claims)).toEqual({ access_token: { capolids: { essential: true, values: [CA_POLICY_ID] } } });
    const trace = (await (await lab.fetch(`${lab.authorityHost}/_fedlab/traces/${response.body.correlation_id}`)).json()) as { trace: { check: string; outcome: string; detail?: string }[] };
    expect(trace.trace.find((r) => r.check === 'conditional-access')).toMatchObject({ outcome: 'failed', detail: expect.stringContaining('127.0.0.1') });
    // The assertion itself was fine: every earlier check passed.
    expect(trace.trace.filter((r) => r.outcome === 'passed').map((r) => r.check)).toEqual(expect.arrayContaining(['signature', 'federated-credential', 'target-resource']));
  });

  test('@azure/identity and msal-node report AADSTS53003', async () => {
    await setPolicy(blockLoopback());
    const error = await assertionCredential().getToken(`${VAULT}/.default`).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/AADSTS53003: Access has been blocked by Conditional Access policies/);
    await expect(msalApp().acquireTokenByClientCredential({ scopes: [`${VAULT}/.default`] })).rejects.toMatchObject({ errorCode: 'invalid_grant', errorMessage: expect.stringContaining('AADSTS53003') });
  });

  test('the client inside an excluded location, another service principal, a disabled or report-only policy: not blocked', async () => {
    await setPolicy({ ...blockLoopback(), conditionalAccessPolicies: [{ ...blockLoopback().conditionalAccessPolicies![0]!, locations: { include: 'All', exclude: ['loopback'] } }] });
    expect((await exchange()).status).toBe(200);
    await setPolicy({ ...blockLoopback(), conditionalAccessPolicies: [{ ...blockLoopback().conditionalAccessPolicies![0]!, servicePrincipals: 'All', excludeServicePrincipals: [CLIENT_ID] }] });
    expect((await exchange()).status).toBe(200);
    expectAadsts(await secretExchange(), { status: 400, error: 'invalid_grant', code: 53003, check: 'conditional-access', message: /^Access has been blocked/ });
    await setPolicy({ ...blockLoopback(), conditionalAccessPolicies: [{ ...blockLoopback().conditionalAccessPolicies![0]!, state: 'disabled' }] });
    expect((await exchange()).status).toBe(200);
    await setPolicy(blockLoopback('enabledForReportingButNotEnforced'));
    expect((await exchange()).status).toBe(200);
    expect(events.filter((e) => e.type === 'exchange-accepted').at(-1)).toMatchObject({ reportOnlyConditionalAccess: [{ id: CA_POLICY_ID, displayName: 'Block workloads outside the office' }] });
  });
});

test('runtime control refuses a bad policy document and an unknown tenant in its own error envelope', async () => {
  const bad = await control('PUT', { conditionalAccessPolicies: [{ displayName: 'x', servicePrincipals: 'All', locations: { include: ['nowhere'] } }], namedLocations: [{ name: 'n', ipRanges: ['300.1.1.1/8'] }] });
  expect(bad.status).toBe(400);
  expect(bad.body.error.code).toBe('InvalidTenantPolicy');
  expect(bad.body.error.message).toMatch(/namedLocations\.0\.ipRanges\.0: expected an IP range/);
  expect((await control('GET', undefined, '00000000-0000-0000-0000-000000000000')).status).toBe(404);
});

test('a tenant policy in the configuration applies from the start; DELETE puts it back after a runtime change', async () => {
  const configured = await startTestEntra((config) => {
    config.tenants[0].tenantPolicy = { workloadIdentityFederation: 'disabled' };
  });
  try {
    expectAadsts(await configured.token(federatedForm(await configured.issuer.mint())), { status: 401, error: 'invalid_client', code: 700223, check: 'federation-policy', message: /disabled/ });
    const url = `${configured.authorityHost}/_fedlab/tenant-policy/${TENANT_ID}`;
    await configured.fetch(url, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect((await configured.token(federatedForm(await configured.issuer.mint()))).status).toBe(200);
    expect((await configured.fetch(url, { method: 'DELETE' })).status).toBe(204);
    expect((await configured.token(federatedForm(await configured.issuer.mint()))).body.error_codes).toEqual([700223]);
  } finally {
    await configured.close();
  }
});
