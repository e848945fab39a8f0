import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ClientAssertionCredential } from '@azure/identity';
import { SecretClient } from '@azure/keyvault-secrets';
import { ConfidentialClientApplication, LogLevel } from '@azure/msal-node';
import { createRemoteJWKSet, customFetch, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { createMsalNetworkClient } from '../../src/client/msal-network-client.js';
import { azureTlsOptions, createTrustingFetch } from '../../src/client/trust.js';
import { loadFedlabConfig } from '../../src/config.js';
import type { FedlabEvent } from '../../src/core/events.js';
import { startFedlab, type Fedlab } from '../../src/start-fedlab.js';

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL('./fixtures/get-id-token.mjs', import.meta.url));
const TENANT = '8c1f6a52-3c0e-4f2e-9d51-6f0b1d2a7e10';
const DEPLOY_APP = '3c5e7a9b-2d4f-4a6b-8c0d-1e2f3a4b5c67';
const ISSUER = 'https://token.actions.githubusercontent.com';
/** An application whose flexible credential reads `repository`, a claim Entra's GitHub expressions may not read. */
const REPOSITORY_CLAIM_APP = 'd1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6';

let fedlab: Fedlab;
const trustingFetch = () => createTrustingFetch(fedlab.ca);
const events: FedlabEvent[] = [];

beforeAll(async () => {
  // The embedded defaults run GitHub's issuer with jobs `deploy` and `release` of contoso/payments-api,
  // and an application with a flexible credential for that repository; a fork's job is added here.
  const config = loadFedlabConfig();
  config.github!.jobs.push({ name: 'fork', repository: 'fabrikam/payments-api', ref: 'refs/heads/main', workflowFile: 'deploy.yml', eventName: 'push', actor: 'octocat', repositoryVisibility: 'public', runnerEnvironment: 'github-hosted' });
  // In the config file's shape (startFedlab validates the configuration it is given).
  (config.entra!.tenants[0]!.applications as unknown[]).push({
    appId: REPOSITORY_CLAIM_APP,
    displayName: 'github-repository-claim',
    federatedIdentityCredentials: [{ name: 'by-repository', issuer: ISSUER, audiences: ['api://AzureADTokenExchange'], claimsMatchingExpression: "claims['repository'] eq 'contoso/payments-api'" }],
  });
  fedlab = await startFedlab({ config, ports: 'auto' });
  fedlab.events.subscribe((e) => events.push(e));
});
afterAll(() => fedlab?.close());

/** `core.getIDToken()` of @actions/core in a process of its own, with the job's runner variables and fedlab's CA. */
async function toolkitToken(job: string, audience = 'api://AzureADTokenExchange', overrides: Record<string, string> = {}): Promise<{ token?: string; error?: string }> {
  const env = fedlab.urls.github!.jobs[job]!;
  const { stdout } = await run(process.execPath, [SCRIPT, audience], {
    env: { PATH: process.env.PATH, NODE_EXTRA_CA_CERTS: fedlab.urls.ca, ACTIONS_ID_TOKEN_REQUEST_URL: env.ACTIONS_ID_TOKEN_REQUEST_URL, ACTIONS_ID_TOKEN_REQUEST_TOKEN: env.ACTIONS_ID_TOKEN_REQUEST_TOKEN, ...overrides },
  }).catch((error: { stdout: string }) => ({ stdout: error.stdout }));
  return { token: /^TOKEN=(.+)$/m.exec(stdout)?.[1], error: /^ERROR=(.+)$/m.exec(stdout)?.[1] };
}

function msalApp(assertion: string, clientId = DEPLOY_APP): ConfidentialClientApplication {
  return new ConfidentialClientApplication({
    auth: { clientId, authority: `${fedlab.entraAuthorityHost}/${TENANT}`, knownAuthorities: [new URL(fedlab.entraAuthorityHost!).host], clientAssertion: assertion },
    system: { networkClient: createMsalNetworkClient(trustingFetch()), loggerOptions: { logLevel: LogLevel.Error, loggerCallback: () => {} } },
  });
}

test('@actions/core getIDToken gets a GitHub-shaped token: RS256, iss, sub, job_workflow_ref, string ids', async () => {
  const { token, error } = await toolkitToken('deploy');
  expect(error).toBeUndefined();
  expect(decodeProtectedHeader(token!)).toEqual({ alg: 'RS256', kid: expect.any(String), typ: 'JWT' });
  const claims = decodeJwt(token!);
  expect(claims).toMatchObject({
    iss: ISSUER,
    aud: 'api://AzureADTokenExchange',
    sub: 'repo:contoso/payments-api:ref:refs/heads/main',
    repository: 'contoso/payments-api',
    repository_owner: 'contoso',
    job_workflow_ref: 'contoso/payments-api/.github/workflows/deploy.yml@refs/heads/main',
    ref_type: 'branch',
    event_name: 'push',
    runner_environment: 'github-hosted',
    workflow: 'deploy',
  });
  expect(claims.repository_id).toMatch(/^\d+$/);
  expect(claims.exp! - claims.iat!).toBe(21600);
  expect(claims.iat! - claims.nbf!).toBe(300);
  expect(Object.keys(claims)).toEqual([...Object.keys(claims)].sort());
});

test('an environment names the subject; the workflow name is its own claim', async () => {
  const claims = decodeJwt((await toolkitToken('release')).token!);
  expect(claims).toMatchObject({ sub: 'repo:contoso/payments-api:environment:production', environment: 'production', ref_type: 'tag', workflow: 'Release' });
});

test('a verifier finds the keys from the real issuer name: discovery and JWKS under token.actions.githubusercontent.com', async () => {
  const { token } = await toolkitToken('deploy', 'https://example.com');
  // The issuer's own name, reached at the listener (as a verifier whose DNS points there would).
  const fetch = trustingFetch();
  const base = fedlab.urls.github!.url;
  const discovery = (await (await fetch(`${base}/.well-known/openid-configuration`)).json()) as { issuer: string; jwks_uri: string; id_token_signing_alg_values_supported: string[] };
  expect(discovery).toMatchObject({ issuer: ISSUER, jwks_uri: `${ISSUER}/.well-known/jwks`, id_token_signing_alg_values_supported: ['RS256'] });
  const keys = createRemoteJWKSet(new URL(`${base}/.well-known/jwks`), { [customFetch]: fetch });
  const { payload } = await jwtVerify(token!, keys, { issuer: ISSUER, audience: 'https://example.com' });
  expect(payload.sub).toBe('repo:contoso/payments-api:ref:refs/heads/main');
});

test('msal-node exchanges the workflow token at the fake Entra through a flexible credential', async () => {
  const { token } = await toolkitToken('deploy');
  const result = await msalApp(token!).acquireTokenByClientCredential({ scopes: ['https://vault.azure.net/.default'] });
  expect(decodeJwt(result!.accessToken)).toMatchObject({ appid: DEPLOY_APP, aud: 'https://vault.azure.net', tid: TENANT });
  // The environment's subject fits the same expression.
  const release = await toolkitToken('release');
  await expect(msalApp(release.token!).acquireTokenByClientCredential({ scopes: ['https://vault.azure.net/.default'] })).resolves.toBeTruthy();
});

test('@azure/identity ClientAssertionCredential with the workflow token reads the vault secret', async () => {
  const credential = new ClientAssertionCredential(TENANT, DEPLOY_APP, async () => (await toolkitToken('deploy')).token!, { authorityHost: fedlab.entraAuthorityHost!, disableInstanceDiscovery: true, ...azureTlsOptions(fedlab.ca) });
  const secrets = new SecretClient(fedlab.urls.vault!.url, credential, { disableChallengeResourceVerification: true, ...azureTlsOptions(fedlab.ca) });
  expect((await secrets.getSecret('demo-secret')).value).toMatch(/hello from Azure/);
});

test('another repository does not fit the expression: AADSTS7002131', async () => {
  const { token } = await toolkitToken('fork');
  await expect(msalApp(token!).acquireTokenByClientCredential({ scopes: ['https://vault.azure.net/.default'], skipCache: true })).rejects.toMatchObject({ errorMessage: expect.stringContaining('AADSTS7002131') });
});

test('an expression reading a claim GitHub expressions may not read: AADSTS700237 at claims-expression-policy', async () => {
  const { token } = await toolkitToken('deploy');
  await expect(msalApp(token!, REPOSITORY_CLAIM_APP).acquireTokenByClientCredential({ scopes: ['https://vault.azure.net/.default'], skipCache: true })).rejects.toMatchObject({
    errorMessage: expect.stringContaining(
      `AADSTS700237: Federated Identity Credential expression not allowed. The claims matching expression reads claim claims['repository'], which issuer '${ISSUER}' does not support in expressions. Trace ID: `,
    ),
  });
  expect(events.filter((e) => e.type === 'exchange-rejected').at(-1)).toMatchObject({ code: 700237, failedCheck: 'claims-expression-policy' });
});

test('a wrong request token is refused at check request-token, and the toolkit reports it', async () => {
  const { token, error } = await toolkitToken('deploy', 'api://AzureADTokenExchange', { ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'not-the-token-of-this-job' });
  expect(token).toBeUndefined();
  expect(error).toMatch(/Failed to get ID Token.*401/);
  expect(events.some((e) => e.type === 'github-token-refused' && e.check === 'request-token')).toBe(true);
});

test('bad requests answer in JSON naming the check: unknown job, api version, empty audience', async () => {
  const fetch = trustingFetch();
  const env = fedlab.urls.github!.jobs.deploy!;
  const auth = { authorization: `Bearer ${env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}` };
  const unknown = await fetch(env.ACTIONS_ID_TOKEN_REQUEST_URL.replace(/jobs\/[^/]+\//, 'jobs/00000000-0000-0000-0000-000000000000/'), { headers: auth });
  expect([unknown.status, unknown.headers.get('x-fedlab-check')]).toEqual([404, 'job']);
  const version = await fetch(env.ACTIONS_ID_TOKEN_REQUEST_URL.replace('api-version=2.0', 'api-version=9'), { headers: auth });
  expect([version.status, ((await version.json()) as { check: string }).check]).toEqual([400, 'api-version']);
  const empty = await fetch(`${env.ACTIONS_ID_TOKEN_REQUEST_URL}&audience=`, { headers: auth });
  expect([empty.status, empty.headers.get('x-fedlab-check')]).toEqual([400, 'audience']);
  const twice = await fetch(`${env.ACTIONS_ID_TOKEN_REQUEST_URL}&audience=a&audience=b`, { headers: auth });
  expect(twice.status).toBe(400);
  const malformed = await fetch(`${fedlab.urls.github!.url}/_apis/distributedtask/hubs/Actions/plans/%E0%A4%A/jobs/x/idtoken`, { headers: auth });
  expect(malformed.status).toBe(400);
});

test('without an audience the token names the repository owner, as GitHub does', async () => {
  const fetch = trustingFetch();
  const env = fedlab.urls.github!.jobs.deploy!;
  const answer = (await (await fetch(env.ACTIONS_ID_TOKEN_REQUEST_URL, { headers: { authorization: `Bearer ${env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}` } })).json()) as { value: string };
  expect(decodeJwt(answer.value).aud).toBe('https://github.com/contoso');
});
