import { generateKeyPair, SignJWT, decodeJwt, decodeProtectedHeader } from 'jose';
import { startFedlab, type Fedlab } from '../../src/start-fedlab.js';
import { ADMIN_SECRET, expectGraphError, fixtureConfig, graphFetch, GRAPH_SCOPE, secretToken, tokenRequest, WORKLOAD_APP_ID } from './support.js';

const ANALYTICS_APP_ID = '7e3f2a1b-8c4d-4e5f-9a6b-5c4d3e2f1a04';
const RESTRICTED_ARN = 'arn:aws:iam::111122223333:role/fedlab-restricted';
/** An extra app for this suite: Application.ReadWrite.OwnedBy, owner of aws-analytics. */
const OWNER_APP_ID = '2e4f6a8c-0b1d-4e3f-8a5c-7e9f1b3d5a70';
const OWNER_SP_ID = '6b8d0f2a-4c6e-4a8b-9d1f-3a5c7e9b1d80';
const OWNER_SECRET = 'fedlab~owner~EXAMPLE~secret~1111111111111111';

let fedlab: Fedlab;
let admin: string;
beforeAll(async () => {
  const config = fixtureConfig();
  const tenant = config.entra.tenants[0];
  tenant.applications.push({ appId: OWNER_APP_ID, displayName: 'owner-of-analytics', servicePrincipalId: OWNER_SP_ID, secrets: [OWNER_SECRET] });
  tenant.applications.find((a: { appId: string }) => a.appId === ANALYTICS_APP_ID).owners = [OWNER_SP_ID];
  tenant.resources.find((r: { identifierUri: string }) => r.identifierUri === 'https://graph.microsoft.com').grants.push({ appId: OWNER_APP_ID, roles: ['Application.ReadWrite.OwnedBy'] });
  fedlab = await startFedlab({ config, ports: 'auto' });
  admin = await secretToken(fedlab);
});
afterAll(async () => {
  await fedlab?.close();
});

const DENIED = 'Insufficient privileges to complete the operation.';
const newCredential = (name: string) => ({ name, issuer: 'https://issuer.example', subject: name, audiences: ['api://AzureADTokenExchange'] });

describe('401 without a valid token for Microsoft Graph', () => {
  test('no Authorization header: InvalidAuthenticationToken "Access token is empty." with WWW-Authenticate', async () => {
    const response = await graphFetch(fedlab, 'GET', '/applications');
    expectGraphError(response, 401, 'InvalidAuthenticationToken', 'Access token is empty.', 'bearer-token');
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="", authorization_uri="https:\/\/127\.0\.0\.1:\d+\/common\/oauth2\/authorize", client_id="00000003-0000-0000-c000-000000000000"$/);
    const basic = await graphFetch(fedlab, 'GET', '/applications', { headers: { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` } });
    expectGraphError(basic, 401, 'InvalidAuthenticationToken', 'Access token is empty.', 'bearer-token');
  });

  test('writes without a token change nothing', async () => {
    const response = await graphFetch(fedlab, 'POST', `/applications(appId='${WORKLOAD_APP_ID}')/federatedIdentityCredentials`, { body: newCredential('sneaky') });
    expectGraphError(response, 401, 'InvalidAuthenticationToken', 'Access token is empty.');
    const list = await graphFetch(fedlab, 'GET', `/applications(appId='${WORKLOAD_APP_ID}')/federatedIdentityCredentials`, { token: admin });
    expect(list.body.value.map((f: { name: string }) => f.name)).not.toContain('sneaky');
  });

  test('not a JWT, or signed by a key that is not this Entra\'s: "Access token validation failure."', async () => {
    expectGraphError(await graphFetch(fedlab, 'GET', '/applications', { token: 'not-a-token' }), 401, 'InvalidAuthenticationToken', 'Access token validation failure.', 'token-signature');
    // Same header and claims as a real admin token, re-signed with a stranger's key.
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT(decodeJwt(admin)).setProtectedHeader(decodeProtectedHeader(admin) as never).sign(privateKey);
    expectGraphError(await graphFetch(fedlab, 'GET', '/applications', { token: forged }), 401, 'InvalidAuthenticationToken', 'Access token validation failure.', 'token-signature');
  });

  test('a token for another resource: "Access token validation failure. Invalid audience."', async () => {
    const { body } = await tokenRequest(fedlab, { grant_type: 'client_credentials', client_id: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c61', client_secret: ADMIN_SECRET, scope: 'https://vault.azure.net/.default' });
    expectGraphError(await graphFetch(fedlab, 'GET', '/applications', { token: body.access_token }), 401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.', 'token-audience');
  });

  test("an expired token (the Entra's clock moved past exp): \"Lifetime validation failed, the token is expired.\"", async () => {
    const { exp } = decodeJwt(admin);
    fedlab.entra!.clock.setOffsetMs((exp! + 600) * 1000 - Date.now());
    try {
      expectGraphError(await graphFetch(fedlab, 'GET', '/applications', { token: admin }), 401, 'InvalidAuthenticationToken', 'Lifetime validation failed, the token is expired.', 'token-signature');
    } finally {
      fedlab.entra!.clock.setOffsetMs(0);
    }
    expect((await graphFetch(fedlab, 'GET', '/applications', { token: admin })).status).toBe(200);
  });
});

describe('403 without the permission', () => {
  test('an app with no Graph role (aws-analytics, through an AWS token): Authorization_RequestDenied', async () => {
    const credential = fedlab.assertionCredential({ clientId: ANALYTICS_APP_ID, principalArn: RESTRICTED_ARN });
    const { token } = await credential.getToken(GRAPH_SCOPE);
    expect(decodeJwt(token).roles).toBeUndefined();
    expectGraphError(await graphFetch(fedlab, 'GET', '/applications', { token }), 403, 'Authorization_RequestDenied', DENIED, 'permission');
    expectGraphError(await graphFetch(fedlab, 'GET', `/applications(appId='${ANALYTICS_APP_ID}')/federatedIdentityCredentials`, { token }), 403, 'Authorization_RequestDenied', DENIED, 'permission');
  });

  test('Application.Read.All (aws-workload) reads but cannot write', async () => {
    const { token } = await fedlab.assertionCredential().getToken(GRAPH_SCOPE);
    expect(decodeJwt(token).roles).toEqual(['Application.Read.All']);
    const base = `/applications(appId='${WORKLOAD_APP_ID}')/federatedIdentityCredentials`;
    expect((await graphFetch(fedlab, 'GET', base, { token })).status).toBe(200);
    expectGraphError(await graphFetch(fedlab, 'POST', base, { token, body: newCredential('read-only-write') }), 403, 'Authorization_RequestDenied', DENIED, 'permission');
    expectGraphError(await graphFetch(fedlab, 'DELETE', `${base}/aws-fedlab-workload`, { token }), 403, 'Authorization_RequestDenied', DENIED, 'permission');
    expectGraphError(await graphFetch(fedlab, 'POST', '/applications', { token, body: { displayName: 'nope' } }), 403, 'Authorization_RequestDenied', DENIED, 'permission');
  });

  test('Application.ReadWrite.OwnedBy manages only the apps it owns, and owns the apps it creates', async () => {
    const token = await secretToken(fedlab, OWNER_APP_ID, OWNER_SECRET);
    expect(decodeJwt(token).roles).toEqual(['Application.ReadWrite.OwnedBy']);
    const list = await graphFetch(fedlab, 'GET', '/applications', { token });
    expect(list.body.value.map((a: { appId: string }) => a.appId)).toEqual([ANALYTICS_APP_ID]);

    const owned = await graphFetch(fedlab, 'POST', `/applications(appId='${ANALYTICS_APP_ID}')/federatedIdentityCredentials`, { token, body: newCredential('owner-added') });
    expect(owned.status).toBe(201);
    const notOwned = await graphFetch(fedlab, 'POST', `/applications(appId='${WORKLOAD_APP_ID}')/federatedIdentityCredentials`, { token, body: newCredential('not-owned') });
    expectGraphError(notOwned, 403, 'Authorization_RequestDenied', DENIED, 'permission');
    expectGraphError(await graphFetch(fedlab, 'GET', `/applications(appId='${WORKLOAD_APP_ID}')`, { token }), 403, 'Authorization_RequestDenied', DENIED, 'permission');

    const created = await graphFetch(fedlab, 'POST', '/applications', { token, body: { displayName: 'made-by-owner' } });
    expect(created.status).toBe(201);
    expect((await graphFetch(fedlab, 'GET', `/applications/${created.body.id}`, { token })).status).toBe(200);
    expect((await graphFetch(fedlab, 'DELETE', `/applications/${created.body.id}`, { token })).status).toBe(204);
  });

  test('the token\'s tid selects the tenant: another tenant\'s apps are not found', async () => {
    const config = fixtureConfig();
    const second = { id: '1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a10', displayName: 'second', applications: [{ appId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c50', displayName: 'second-admin', servicePrincipalId: 'b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d60', secrets: [ADMIN_SECRET] }], resources: [{ identifierUri: 'https://graph.microsoft.com', appId: '00000003-0000-0000-c000-000000000000', appRoles: ['Application.ReadWrite.All'], grants: [{ appId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c50', roles: ['Application.ReadWrite.All'] }] }] };
    config.entra.tenants.push(second);
    const two = await startFedlab({ config, ports: 'auto' });
    try {
      const response = await two.fetch(`${two.entraAuthorityHost}/${second.id}/oauth2/v2.0/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: second.applications[0]!.appId, client_secret: ADMIN_SECRET, scope: GRAPH_SCOPE }).toString(),
      });
      const { access_token: token } = (await response.json()) as { access_token: string };
      const list = await graphFetch(two, 'GET', '/applications', { token });
      expect(list.body.value.map((a: { displayName: string }) => a.displayName)).toEqual(['second-admin']);
      expect((await graphFetch(two, 'GET', `/applications(appId='${WORKLOAD_APP_ID}')`, { token })).status).toBe(404);
    } finally {
      await two.close();
    }
  });
});

describe('appId squatting (issue #18, docs/security.md "Graph identities")', () => {
  const FIRST_PARTY = ['00000003-0000-0000-c000-000000000000', 'cfa8b339-82a2-471a-a3c9-0fc0be7a4093', '797f4846-ba00-4fd7-ba43-dac1f8f63013'];
  const appIds = async () => (await graphFetch(fedlab, 'GET', '/applications', { token: admin })).body.value.map((a: { appId: string }) => a.appId).sort();
  const TAKEN = 'Another object with the same value for property appId already exists.';

  test('without Application.ReadWrite.All, appId and id are read-only (as in Graph): 400, no application added', async () => {
    const token = await secretToken(fedlab, OWNER_APP_ID, OWNER_SECRET);
    const before = await appIds();
    for (const body of [{ displayName: 'squat', appId: '5a5a5a5a-6b6b-4c7c-8d8d-9e9e9e9e9e9e' }, { displayName: 'squat', appId: FIRST_PARTY[0] }, { displayName: 'squat', id: '5a5a5a5a-6b6b-4c7c-8d8d-9e9e9e9e9e9f' }]) {
      const property = 'appId' in body ? 'appId' : 'id';
      expectGraphError(await graphFetch(fedlab, 'POST', '/applications', { token, body }), 400, 'Request_BadRequest', `Property '${property}' is read-only and cannot be set.`, 'read-only-property');
    }
    expect(await appIds()).toEqual(before);
  });

  test('first-party ids, any tenant\'s application or resource, and ids a grant still names are never given out, even to ReadWrite.All', async () => {
    const before = await appIds();
    for (const appId of [...FIRST_PARTY, FIRST_PARTY[1]!.toUpperCase(), WORKLOAD_APP_ID]) {
      const answer = await graphFetch(fedlab, 'POST', '/applications', { token: admin, body: { displayName: 'squat', appId } });
      expectGraphError(answer, 400, 'Request_BadRequest', TAKEN, 'app-id-unique');
    }
    // A deleted application's grants stay with its appId: re-creating it must not inherit them.
    expect((await graphFetch(fedlab, 'DELETE', `/applications(appId='${OWNER_APP_ID}')`, { token: admin })).status).toBe(204);
    const recreated = await graphFetch(fedlab, 'POST', '/applications', { token: admin, body: { displayName: 'squat', appId: OWNER_APP_ID } });
    expectGraphError(recreated, 400, 'Request_BadRequest', TAKEN, 'app-id-unique');
    expect(recreated.body.error.innerError.fedlabDetail).toMatch(/still named by a grant/);
    expect(await appIds()).toEqual(before.filter((id: string) => id !== OWNER_APP_ID));
  });
});

test('a flood of application creates stops at entra.maxApplicationsPerTenant with Directory_QuotaExceeded, not unbounded memory', async () => {
  const config = fixtureConfig();
  config.entra.maxApplicationsPerTenant = config.entra.tenants[0].applications.length + 3;
  const small = await startFedlab({ config, ports: 'auto' });
  try {
    const token = await secretToken(small);
    const answers = [];
    for (let i = 0; i < 8; i++) answers.push(await graphFetch(small, 'POST', '/applications', { token, body: { displayName: `flood-${i}` } }));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 400, 400, 400, 400, 400]);
    expectGraphError(answers[3]!, 400, 'Directory_QuotaExceeded', /^The directory object quota limit for the Tenant has been exceeded\./, 'directory-quota');
    const list = await graphFetch(small, 'GET', '/applications', { token });
    expect(list.body.value).toHaveLength(config.entra.maxApplicationsPerTenant);
  } finally {
    await small.close();
  }
});
