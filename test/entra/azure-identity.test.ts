import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthenticationRequiredError, ClientAssertionCredential, WorkloadIdentityCredential } from '@azure/identity';
import { decodeJwt } from 'jose';
import { azureTlsOptions } from '../../src/client/trust.js';
import { CLIENT_ID, ORDERS_API, ORDERS_APP_ID, startTestEntra, TENANT_ID, VAULT, type TestEntra } from './helpers/test-entra.js';

let lab: TestEntra;
let dir: string;
beforeAll(async () => {
  lab = await startTestEntra();
  dir = mkdtempSync(join(tmpdir(), 'fedlab-wi-'));
});
afterAll(async () => {
  await lab.close();
  rmSync(dir, { recursive: true, force: true });
});

function assertionCredential(getAssertion: () => Promise<string>, clientId = CLIENT_ID): ClientAssertionCredential {
  return new ClientAssertionCredential(TENANT_ID, clientId, getAssertion, { authorityHost: lab.authorityHost, disableInstanceDiscovery: true, ...azureTlsOptions(lab.ca) });
}

test('ClientAssertionCredential gets a vault token, trusting the local CA through tlsOptions', async () => {
  const token = await assertionCredential(() => lab.issuer.mint()).getToken(`${VAULT}/.default`);
  expect(token.token.split('.')).toHaveLength(3);
  expect(token.expiresOnTimestamp).toBeGreaterThan(Date.now() + 3000_000);
  expect(decodeJwt(token.token)).toMatchObject({ aud: VAULT, appid: CLIENT_ID, ver: '1.0' });
});

test('ClientAssertionCredential gets a v2 token for a custom API with tokenVersion 2', async () => {
  const token = await assertionCredential(() => lab.issuer.mint()).getToken(`${ORDERS_API}/.default`);
  expect(decodeJwt(token.token)).toMatchObject({ aud: ORDERS_APP_ID, azp: CLIENT_ID, ver: '2.0', roles: ['Orders.Read'] });
});

test('WorkloadIdentityCredential reads the AWS token from its token file', async () => {
  const tokenFilePath = join(dir, 'aws-token');
  writeFileSync(tokenFilePath, `${await lab.issuer.mint()}\n`);
  const credential = new WorkloadIdentityCredential({ tenantId: TENANT_ID, clientId: CLIENT_ID, tokenFilePath, authorityHost: lab.authorityHost, disableInstanceDiscovery: true, ...azureTlsOptions(lab.ca) });
  const token = await credential.getToken(`${VAULT}/.default`);
  expect(decodeJwt(token.token)).toMatchObject({ aud: VAULT, appid: CLIENT_ID });
});

test('@azure/identity surfaces the AADSTS code and message of a rejected assertion', async () => {
  const expired = () => lab.issuer.mint({ iat: Math.floor(Date.now() / 1000) - 3600, lifetimeSeconds: 300 });
  const error = await assertionCredential(expired).getToken(`${VAULT}/.default`).catch((e) => e);
  expect(error).toBeInstanceOf(AuthenticationRequiredError);
  expect(error.message).toMatch(/invalid_client: Error\(s\): 700024 .*AADSTS700024: Client assertion is not within its valid time range\. Current time: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z, assertion valid from 1970-01-01T00:00:00\.0000000Z, expiry time of assertion/);
});
