import type { PartyContext } from '../../../src/core/party-context.js';
import { validateConfig } from '../../../src/core/config/load-config.js';
import { entraConfigSchema, startEntra, type EntraConfigInput, type EntraParty } from '../../../src/entra/index.js';
import { createTrustingFetch, type FetchLike } from '../../../src/client/trust.js';
import { startFakeIssuer, type FakeIssuer } from './fake-issuer.js';
import { testPartyContext } from './party-context.js';

export const TENANT_ID = '8c1f6a52-3c0e-4f2e-9d51-6f0b1d2a7e10';
export const TENANT_DOMAIN = 'fedlab.onmicrosoft.com';
export const CLIENT_ID = '4b7e2c1a-9f3d-4e8b-a6c5-2d1f0e9b8a71';
export const SERVICE_PRINCIPAL_ID = '0f6a3e2d-5c4b-4a39-8e7f-6d5c4b3a2910';
/** An app whose only credential is a flexible one on AWS principal tags. */
export const TAGGED_CLIENT_ID = '5c8d3e2b-0a4e-4f9c-b7d6-3e2f1a0c9b82';
export const TAGGED_SERVICE_PRINCIPAL_ID = '1a7b4f3e-6d5c-4b4a-9f8e-7e6d5c4b3a21';
export const WORKLOAD_ARN = 'arn:aws:iam::111122223333:role/fedlab-workload';
export const AUDIENCE = 'api://AzureADTokenExchange';
export const VAULT = 'https://vault.azure.net';
export const VAULT_APP_ID = 'cfa8b339-82a2-471a-a3c9-0fc0be7a4093';
export const ORDERS_API = 'api://fedlab-orders';
export const ORDERS_APP_ID = '6d9e4f3c-1b5f-4a0d-8c7e-4f3a2b1d0c93';
export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
export const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';

/**
 * One tenant: the workload app trusting the fake issuer's role, a tag-matched app, three resources.
 * The tag-matched app's flexible credential sits on an AWS issuer and reads nested claims, so the
 * test config turns on the `extendedClaimsExpressions` extension (the embedded defaults leave it off); tests
 * of Entra's own rules set it to false.
 */
export function testEntraConfig(): EntraConfigInput & { tenants: any[] } {
  return {
    host: '127.0.0.1',
    port: 0,
    extendedClaimsExpressions: true,
    tenants: [
      {
        id: TENANT_ID,
        displayName: 'fedlab',
        domains: [TENANT_DOMAIN],
        applications: [
          {
            appId: CLIENT_ID,
            displayName: 'aws-workload',
            servicePrincipalId: SERVICE_PRINCIPAL_ID,
            federatedIdentityCredentials: [{ name: 'aws-fedlab-workload', issuer: 'aws:111122223333', subject: WORKLOAD_ARN, audiences: [AUDIENCE] }],
          },
          {
            appId: TAGGED_CLIENT_ID,
            displayName: 'aws-platform-team',
            servicePrincipalId: TAGGED_SERVICE_PRINCIPAL_ID,
            federatedIdentityCredentials: [
              {
                name: 'aws-platform-team',
                issuer: 'aws:111122223333',
                subject: null,
                audiences: [AUDIENCE],
                claimsMatchingExpression: "claims['https://sts.amazonaws.com/']['aws_account'] eq '111122223333' and claims['https://sts.amazonaws.com/']['principal_tags']['team'] eq 'platform'",
              },
            ],
          },
        ],
        resources: [
          { identifierUri: VAULT, appId: VAULT_APP_ID, tokenVersion: 1, grants: [{ appId: CLIENT_ID, roles: [] }] },
          {
            identifierUri: 'https://graph.microsoft.com',
            appId: '00000003-0000-0000-c000-000000000000',
            tokenVersion: 1,
            appRoles: ['User.Read.All'],
            grants: [{ appId: CLIENT_ID, roles: ['User.Read.All'] }],
          },
          { identifierUri: ORDERS_API, appId: ORDERS_APP_ID, tokenVersion: 2, appRoles: ['Orders.Read', 'Orders.Write'], grants: [{ appId: CLIENT_ID, roles: ['Orders.Read'] }] },
        ],
      },
    ],
  };
}

export interface TestEntra {
  entra: EntraParty;
  issuer: FakeIssuer;
  ctx: PartyContext;
  ca: string;
  authorityHost: string;
  /** A fetch that trusts fedlab's CA. */
  fetch: FetchLike;
  /** POST a form to the tenant's token endpoint (v2 unless `path` says otherwise). */
  token(form: Record<string, string | string[]>, options?: { path?: string; headers?: Record<string, string> }): Promise<{ status: number; headers: Headers; body: any }>;
  close(): Promise<void>;
}

export async function startTestEntra(customize: (config: ReturnType<typeof testEntraConfig>) => void = () => {}, issuer?: FakeIssuer): Promise<TestEntra> {
  const fakeIssuer = issuer ?? (await startFakeIssuer());
  const raw = testEntraConfig();
  customize(raw);
  const ctx = await testPartyContext();
  let entra: EntraParty;
  try {
    entra = await startEntra(validateConfig(entraConfigSchema, raw), ctx, { issuerAliases: { 'aws:111122223333': fakeIssuer.issuer } });
  } catch (error) {
    if (!issuer) await fakeIssuer.close();
    throw error;
  }
  const fetch = createTrustingFetch(ctx.tls.caCertPem);
  const authorityHost = entra.urls.authorityHost;
  return {
    entra,
    issuer: fakeIssuer,
    ctx,
    ca: ctx.tls.caCertPem,
    authorityHost,
    fetch,
    async token(form, options = {}) {
      const body = new URLSearchParams();
      for (const [name, value] of Object.entries(form)) for (const v of [value].flat()) body.append(name, v);
      const response = await fetch(`${authorityHost}${options.path ?? `/${TENANT_ID}/oauth2/v2.0/token`}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...options.headers },
        body: body.toString(),
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
    },
    async close() {
      await entra.close();
      if (!issuer) await fakeIssuer.close();
    },
  };
}

/** The federated client-credentials form msal sends, minus msal's telemetry. */
export function federatedForm(assertion: string, overrides: Record<string, string> = {}): Record<string, string> {
  return { client_id: CLIENT_ID, scope: `${VAULT}/.default`, grant_type: 'client_credentials', client_assertion: assertion, client_assertion_type: JWT_BEARER, ...overrides };
}
