import { readFileSync } from 'node:fs';
import { expect } from '@jest/globals';
import { ClientSecretCredential } from '@azure/identity';
import { Client, type FetchOptions } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js';
import { Agent as UndiciAgent } from 'undici';
import { parse } from 'yaml';
import { azureTlsOptions } from '../../src/client/trust.js';
import { DEFAULT_CONFIG_FILE } from '../../src/config.js';
import type { Fedlab } from '../../src/start-fedlab.js';

export const TENANT_ID = '8c1f6a52-3c0e-4f2e-9d51-6f0b1d2a7e10';
export const WORKLOAD_APP_ID = '4b7e2c1a-9f3d-4e8b-a6c5-2d1f0e9b8a71';
export const ADMIN_APP_ID = '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c61';
export const ADMIN_SP_ID = '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e72';
export const ADMIN_SECRET = 'fedlab~admin~EXAMPLE~secret~0000000000000000';
export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
export const WORKLOAD_ARN = 'arn:aws:iam::111122223333:role/fedlab-workload';
export const AUDIENCE = 'api://AzureADTokenExchange';

/** The admin app's client-secret credential: the real @azure/identity, trusting fedlab's CA. */
export function adminCredential(fedlab: Fedlab, secret = ADMIN_SECRET, clientId = ADMIN_APP_ID): ClientSecretCredential {
  return new ClientSecretCredential(TENANT_ID, clientId, secret, { authorityHost: fedlab.entraAuthorityHost!, disableInstanceDiscovery: true, ...azureTlsOptions(fedlab.ca) });
}

/**
 * The real @microsoft/microsoft-graph-client pointed at the fake Entra's `/v1.0`. It calls the
 * global fetch; the undici dispatcher in fetchOptions makes that fetch trust fedlab's CA.
 */
export function graphClient(fedlab: Fedlab, credential = adminCredential(fedlab)): Client {
  const host = new URL(fedlab.entraAuthorityHost!).hostname;
  return Client.initWithMiddleware({
    authProvider: new TokenCredentialAuthenticationProvider(credential, { scopes: [GRAPH_SCOPE] }),
    baseUrl: fedlab.entraAuthorityHost!,
    customHosts: new Set([host]),
    // Node's fetch takes undici's `dispatcher`, which the client's FetchOptions type does not list.
    fetchOptions: { dispatcher: new UndiciAgent({ connect: { ca: fedlab.ca } }) } as FetchOptions,
  });
}

/** A form POST to the tenant's v2 token endpoint through fedlab's trusting fetch. */
export async function tokenRequest(fedlab: Fedlab, form: Record<string, string>, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; body: any }> {
  const response = await fedlab.fetch(`${fedlab.entraAuthorityHost}/${TENANT_ID}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

/** An access token for Microsoft Graph from the client-secret flow. */
export async function secretToken(fedlab: Fedlab, clientId = ADMIN_APP_ID, secret = ADMIN_SECRET): Promise<string> {
  const { status, body } = await tokenRequest(fedlab, { grant_type: 'client_credentials', client_id: clientId, client_secret: secret, scope: GRAPH_SCOPE });
  if (status !== 200) throw new Error(`token request failed: ${status} ${JSON.stringify(body)}`);
  return body.access_token as string;
}

/** A plain fetch against the Graph API (JSON in, status + headers + parsed body out). */
export async function graphFetch(fedlab: Fedlab, method: string, path: string, options: { token?: string; body?: unknown; headers?: Record<string, string>; version?: 'v1.0' | 'beta' } = {}) {
  const response = await fedlab.fetch(`${fedlab.entraAuthorityHost}/${options.version ?? 'v1.0'}${path}`, {
    method,
    headers: { ...(options.token ? { authorization: `Bearer ${options.token}` } : {}), ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers },
    ...(options.body !== undefined ? { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

/** The embedded default config as an object, to start a variant of it. */
export function fixtureConfig(): any {
  return parse(readFileSync(DEFAULT_CONFIG_FILE, 'utf8'));
}

/** A Graph error body as Graph shapes it, with fedlab's failed-check header. */
export function expectGraphError(response: { status: number; headers: Headers; body: any }, status: number, code: string, message: string | RegExp, check?: string): void {
  expect(response.status).toBe(status);
  expect(response.body.error.code).toBe(code);
  if (typeof message === 'string') expect(response.body.error.message).toBe(message);
  else expect(response.body.error.message).toMatch(message);
  expect(response.body.error.innerError).toMatchObject({ date: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/), 'request-id': expect.stringMatching(/^[0-9a-f-]{36}$/), 'client-request-id': expect.stringMatching(/^[0-9a-f-]{36}$/) });
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  if (check) expect(response.headers.get('x-fedlab-failed-check')).toBe(check);
}
