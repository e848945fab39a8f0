import { flexibleIssuerFor } from '../../src/entra/claims-expression/flexible-issuers.js';
import { decodeJwt } from 'jose';
import { loadFedlabConfig } from '../../src/config.js';
import type { FedlabEvent } from '../../src/core/events.js';
import { startEntra, type EntraParty } from '../../src/entra/index.js';
import { createTrustingFetch } from '../../src/client/trust.js';
import { AWS_NAMESPACE, startFakeIssuer, type FakeIssuer } from './helpers/fake-issuer.js';
import { testPartyContext } from './helpers/party-context.js';
import { expectAadsts } from './helpers/expect-aadsts.js';
import { JWT_BEARER } from './helpers/test-entra.js';

/** The embedded fixtures/fedlab.yaml, with a stand-in issuer for account 111122223333. */
const seed = loadFedlabConfig();
const entraConfig = { ...seed.entra!, port: 0 };
const tenant = entraConfig.tenants[0]!;
const [workloadApp, shortAudienceApp, analyticsApp] = tenant.applications;
const RESTRICTED = 'arn:aws:iam::111122223333:role/fedlab-restricted';

let issuer: FakeIssuer;
let entra: EntraParty;
let fetch: ReturnType<typeof createTrustingFetch>;
const events: FedlabEvent[] = [];
beforeAll(async () => {
  issuer = await startFakeIssuer();
  const ctx = await testPartyContext();
  ctx.events.subscribe((e) => events.push(e));
  entra = await startEntra(entraConfig, ctx, { issuerAliases: { 'aws:111122223333': issuer.issuer } });
  fetch = createTrustingFetch(ctx.tls.caCertPem);
});
afterAll(async () => {
  await entra.close();
  await issuer.close();
});

async function exchange(clientId: string, assertion: string, resource = 'https://vault.azure.net') {
  const response = await fetch(`${entra.urls.authorityHost}/${tenant.id}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, scope: `${resource}/.default`, client_assertion_type: JWT_BEARER, client_assertion: assertion }).toString(),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

const restrictedToken = (aud = 'api://AzureADTokenExchange') =>
  issuer.mint({ claims: { sub: RESTRICTED, aud, [AWS_NAMESPACE]: { aws_account: '111122223333', principal_id: RESTRICTED, principal_tags: { team: 'analytics' } } } });

test('the seed tenant has the four resources, three of them v1 and a v2 custom API', () => {
  expect(tenant.resources.map((r) => [r.identifierUri, r.tokenVersion])).toEqual([
    ['https://vault.azure.net', 1],
    ['https://graph.microsoft.com', 1],
    ['https://management.azure.com', 1],
    ['api://fedlab-orders', 2],
  ]);
});

test('the workload role with audience api://AzureADTokenExchange matches the subject credential', async () => {
  const response = await exchange(workloadApp!.appId, await issuer.mint());
  expect(response.status).toBe(200);
  expect(events.at(-1)).toMatchObject({ type: 'exchange-accepted', credential: 'aws-fedlab-workload' });
});

test("the audience spelled 'api:AzureADTokenExchange' is accepted through the workload role's credential on its own application", async () => {
  const response = await exchange(shortAudienceApp!.appId, await issuer.mint({ claims: { aud: 'api:AzureADTokenExchange' } }), 'https://management.azure.com');
  expect(response.status).toBe(200);
  expect(decodeJwt(response.body.access_token)).toMatchObject({ aud: 'https://management.azure.com', oid: shortAudienceApp!.servicePrincipalId });
  expect(events.at(-1)).toMatchObject({ type: 'exchange-accepted', credential: 'aws-fedlab-workload-short-audience' });
});

test('…but only for the workload role: another role with that audience has no credential there (AADSTS700213)', async () => {
  expectAadsts(await exchange(shortAudienceApp!.appId, await restrictedToken('api:AzureADTokenExchange')), {
    status: 401,
    error: 'invalid_client',
    code: 700213,
    check: 'federated-credential',
    message: /subject 'arn:aws:iam::111122223333:role\/fedlab-restricted'/,
  });
});

test("the workload app's credential does not take the short audience (AADSTS700212)", async () => {
  expectAadsts(await exchange(workloadApp!.appId, await issuer.mint({ claims: { aud: 'api:AzureADTokenExchange' } })), { status: 401, error: 'invalid_client', code: 700212, check: 'federated-credential', message: /audience 'api:AzureADTokenExchange'/ });
});

test('the restricted role gets in through the analytics app, matched on its ARN', async () => {
  const response = await exchange(analyticsApp!.appId, await restrictedToken(), 'api://fedlab-orders');
  expect(response.status).toBe(200);
  expect(decodeJwt(response.body.access_token)).toMatchObject({ ver: '2.0', azp: analyticsApp!.appId, roles: ['Orders.Read'] });
  expect(events.at(-1)).toMatchObject({ credential: 'aws-fedlab-restricted' });
});

test('the workload role does not get in through the analytics app', async () => {
  expectAadsts(await exchange(analyticsApp!.appId, await issuer.mint()), { status: 401, error: 'invalid_client', code: 700213, check: 'federated-credential', message: /fedlab-workload/ });
});

test('the embedded defaults use no fedlab extension of flexible credentials', () => {
  expect(entraConfig.extendedClaimsExpressions).toBe(false);
  // Flexible credentials only where Entra evaluates them: GitHub Actions' issuer, over the claims it allows.
  const flexible = tenant.applications.flatMap((a) => a.federatedIdentityCredentials).filter((f) => f.claimsMatchingExpression !== null);
  expect(flexible.map((f) => [f.issuer, flexibleIssuerFor(f.issuer)?.name])).toEqual([['https://token.actions.githubusercontent.com', 'GitHub Actions']]);
  expect(flexible.every((f) => /^claims\['(sub|job_workflow_ref)'\] /.test(f.claimsMatchingExpression!.value))).toBe(true);
});
