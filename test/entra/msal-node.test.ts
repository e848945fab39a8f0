import { ConfidentialClientApplication, LogLevel, ServerError } from '@azure/msal-node';
import { decodeJwt } from 'jose';
import { createMsalNetworkClient } from '../../src/client/msal-network-client.js';
import { CLIENT_ID, SERVICE_PRINCIPAL_ID, startTestEntra, TENANT_DOMAIN, TENANT_ID, VAULT, type TestEntra } from './helpers/test-entra.js';

let lab: TestEntra;
beforeAll(async () => {
  lab = await startTestEntra();
});
afterAll(() => lab.close());

/** msal-node as a workload would configure it against fedlab: knownAuthorities + a CA-trusting network client. */
function msalApp(clientAssertion: string | (() => Promise<string>), tenant = TENANT_ID): ConfidentialClientApplication {
  const authority = `${lab.authorityHost}/${tenant}`;
  return new ConfidentialClientApplication({
    auth: { clientId: CLIENT_ID, authority, knownAuthorities: [new URL(lab.authorityHost).host], clientAssertion: typeof clientAssertion === 'string' ? clientAssertion : async () => clientAssertion() },
    system: { networkClient: createMsalNetworkClient(lab.fetch), loggerOptions: { logLevel: LogLevel.Error, loggerCallback: () => {} } },
  });
}

test('msal-node gets a vault token with an AWS-shaped assertion from its clientAssertion callback', async () => {
  const seen: { clientId: string; tokenEndpoint?: string }[] = [];
  const app = new ConfidentialClientApplication({
    auth: {
      clientId: CLIENT_ID,
      authority: `${lab.authorityHost}/${TENANT_ID}`,
      knownAuthorities: [new URL(lab.authorityHost).host],
      clientAssertion: async (config) => {
        seen.push(config);
        return lab.issuer.mint();
      },
    },
    system: { networkClient: createMsalNetworkClient(lab.fetch) },
  });
  const result = await app.acquireTokenByClientCredential({ scopes: [`${VAULT}/.default`] });
  expect(result).not.toBeNull();
  expect(result!.tokenType).toBe('Bearer');
  expect(result!.expiresOn!.getTime()).toBeGreaterThan(Date.now() + 3000_000);
  const claims = decodeJwt(result!.accessToken);
  expect(claims).toMatchObject({ aud: VAULT, appid: CLIENT_ID, oid: SERVICE_PRINCIPAL_ID, tid: TENANT_ID, ver: '1.0' });
  expect(seen).toEqual([{ clientId: CLIENT_ID, tokenEndpoint: `${lab.authorityHost}/${TENANT_ID}/oauth2/v2.0/token` }]);

  const again = await app.acquireTokenByClientCredential({ scopes: [`${VAULT}/.default`] });
  expect(again!.fromCache).toBe(true);
});

test('msal-node reaches the tenant by its domain name as well', async () => {
  const result = await msalApp(() => lab.issuer.mint(), TENANT_DOMAIN).acquireTokenByClientCredential({ scopes: [`${VAULT}/.default`] });
  expect(decodeJwt(result!.accessToken).tid).toBe(TENANT_ID);
});

test('msal-node surfaces AADSTS700213 for a role the app does not trust, with the failed check in the trace', async () => {
  const assertion = await lab.issuer.mint({ claims: { sub: 'arn:aws:iam::111122223333:role/someone-else' } });
  const correlationId = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
  const error = await msalApp(assertion).acquireTokenByClientCredential({ scopes: [`${VAULT}/.default`], correlationId }).catch((e) => e);
  expect(error).toBeInstanceOf(ServerError);
  expect(error.errorCode).toBe('invalid_client');
  expect(error.errorMessage).toMatch(/Error\(s\): 700213 .*AADSTS700213: No matching federated identity record found for presented assertion subject 'arn:aws:iam::111122223333:role\/someone-else'\./);
  expect(error.correlationId).toBe(correlationId);
  const trace = await (await lab.fetch(`${lab.authorityHost}/_fedlab/traces/${correlationId}`)).json();
  expect(trace).toMatchObject({ outcome: 'rejected', failedCheck: 'federated-credential', code: 700213 });
});

test('msal-node surfaces AADSTS90002 for a tenant that does not exist (at discovery)', async () => {
  const error = await msalApp(() => lab.issuer.mint(), '00000000-0000-0000-0000-00000000dead').acquireTokenByClientCredential({ scopes: [`${VAULT}/.default`] }).catch((e) => e);
  // msal treats a failed discovery as endpoints_resolution_error; the tenant check is visible on the wire.
  expect(error.errorCode).toBe('endpoints_resolution_error');
  const response = await lab.fetch(`${lab.authorityHost}/00000000-0000-0000-0000-00000000dead/v2.0/.well-known/openid-configuration`);
  expect(response.status).toBe(400);
  expect(await response.json()).toMatchObject({ error: 'invalid_tenant', error_codes: [90002] });
});
