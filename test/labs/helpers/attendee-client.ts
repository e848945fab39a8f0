import { ClientAssertionCredential } from '@azure/identity';
import { SecretClient } from '@azure/keyvault-secrets';
import { EnableOutboundWebIdentityFederationCommand, GetOutboundWebIdentityFederationInfoCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetWebIdentityTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { azureTlsOptions, createTrustingFetch, type FetchLike } from '../../../src/client/trust.js';
import type { AttendeePrincipal } from '../../../src/labs/attendee.js';

/** What an attendee holds: endpoints and their own credentials (an attendees.json entry). */
export interface AttendeeKit {
  awsEndpoint: string;
  region: string;
  principals: AttendeePrincipal[];
  authorityHost: string;
  tenantId: string;
  clientId: string;
  admin: { clientId: string; clientSecret: string };
  vaultUrl: string;
  ca: string;
}

export interface MintInput {
  audience?: string;
  alg?: 'RS256' | 'ES384';
  duration?: number;
  principal?: number;
}

/** An attendee working through the course with the real SDKs (AWS SDK v3, @azure/identity, SecretClient) and fetch for Graph. */
export function attendeeClient(kit: AttendeeKit) {
  const fetch: FetchLike = createTrustingFetch(kit.ca);
  const clients: { destroy(): void }[] = [];
  const credentials = (p: number) => {
    const { accessKeyId, secretAccessKey } = kit.principals[p]!;
    return { accessKeyId, secretAccessKey };
  };
  const sts = (p: number) => {
    const client = new STSClient({ endpoint: kit.awsEndpoint, region: kit.region, credentials: credentials(p), maxAttempts: 1 });
    clients.push(client);
    return client;
  };
  const stsClients = kit.principals.map((_, p) => sts(p));
  const iam = new IAMClient({ endpoint: kit.awsEndpoint, region: kit.region, credentials: credentials(0), maxAttempts: 1 });
  clients.push(iam);

  async function mint(input: MintInput = {}): Promise<string> {
    const result = await stsClients[input.principal ?? 0]!.send(
      new GetWebIdentityTokenCommand({ Audience: [input.audience ?? 'api://AzureADTokenExchange'], SigningAlgorithm: input.alg ?? 'RS256', ...(input.duration ? { DurationSeconds: input.duration } : {}) }),
    );
    return result.WebIdentityToken!;
  }

  function credential(assertion: () => Promise<string>): ClientAssertionCredential {
    return new ClientAssertionCredential(kit.tenantId, kit.clientId, assertion, { authorityHost: kit.authorityHost, disableInstanceDiscovery: true, ...azureTlsOptions(kit.ca) });
  }

  /** The exchange at the fake Entra; resolves to the error's message when it is refused. */
  async function exchange(input: MintInput = {}, scope = 'https://vault.azure.net/.default'): Promise<{ ok: true; token: string } | { ok: false; message: string }> {
    try {
      const token = await credential(() => mint(input)).getToken(scope);
      return { ok: true, token: token.token };
    } catch (error) {
      return { ok: false, message: (error as Error).message };
    }
  }

  let graphToken: string | undefined;
  async function graph(method: string, path: string, body?: unknown, version: 'v1.0' | 'beta' = 'v1.0'): Promise<{ status: number; json: unknown }> {
    if (!graphToken) {
      const response = await fetch(`${kit.authorityHost}/${kit.tenantId}/oauth2/v2.0/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: kit.admin.clientId, client_secret: kit.admin.clientSecret, scope: 'https://graph.microsoft.com/.default' }).toString(),
      });
      graphToken = ((await response.json()) as { access_token: string }).access_token;
    }
    const response = await fetch(`${kit.authorityHost}/${version}${path}`, {
      method,
      headers: { authorization: `Bearer ${graphToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    return { status: response.status, json: text ? JSON.parse(text) : undefined };
  }
  const ficPath = `/applications(appId='${kit.clientId}')/federatedIdentityCredentials`;

  return {
    fetch,
    iam,
    mint,
    exchange,
    credential,
    enableFederation: () => iam.send(new EnableOutboundWebIdentityFederationCommand({})),
    issuer: async () => (await iam.send(new GetOutboundWebIdentityFederationInfoCommand({}))).IssuerIdentifier!,
    graph,
    // Flexible credentials (claimsMatchingExpression) exist on Graph beta only, as in Microsoft Graph.
    createFic: (fic: Record<string, unknown>) => graph('POST', ficPath, fic, 'claimsMatchingExpression' in fic ? 'beta' : 'v1.0'),
    patchFic: (name: string, patch: Record<string, unknown>) => graph('PATCH', `${ficPath}/${encodeURIComponent(name)}`, patch),
    secrets: (clientKit: { assertion?: () => Promise<string>; vaultUrl?: string } = {}) =>
      new SecretClient(clientKit.vaultUrl ?? kit.vaultUrl, credential(clientKit.assertion ?? (() => mint())), { ...azureTlsOptions(kit.ca), disableChallengeResourceVerification: true, retryOptions: { maxRetries: 0 } }),
    destroy: () => clients.forEach((c) => c.destroy()),
  };
}

export type AttendeeClient = ReturnType<typeof attendeeClient>;
