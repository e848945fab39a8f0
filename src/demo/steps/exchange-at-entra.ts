import { randomUUID } from 'node:crypto';
import { ConfidentialClientApplication, LogLevel } from '@azure/msal-node';
import { createMsalNetworkClient } from '../../client/msal-network-client.js';
import type { DemoContext } from '../demo-context.js';
import type { DemoStep } from '../demo-step.js';

/** Entra's federated client-credentials flow, exactly as msal-node sends it. */
export async function exchangeAtEntra(ctx: DemoContext): Promise<DemoStep> {
  const { inputs } = ctx;
  const authority = `${inputs.authorityHost}/${inputs.tenantId}`;
  const scope = `${inputs.resource}/.default`;
  ctx.correlationId = randomUUID();
  const app = new ConfidentialClientApplication({
    // Through the proxy the authority is Microsoft's own: msal runs its instance discovery as in production.
    auth: { clientId: inputs.clientId, authority, ...(inputs.proxyUrl ? {} : { knownAuthorities: [new URL(inputs.authorityHost).host] }), clientAssertion: ctx.awsToken! },
    system: { networkClient: createMsalNetworkClient(ctx.fetch), loggerOptions: { logLevel: LogLevel.Error, loggerCallback: () => {} } },
  });
  const base = { id: 'entra-exchange' as const, title: 'Entra token request: client_credentials + client_assertion (msal-node)' };
  const request = { authority, client_id: inputs.clientId, scope, grant_type: 'client_credentials', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', correlationId: ctx.correlationId };
  try {
    const result = await app.acquireTokenByClientCredential({ scopes: [scope], correlationId: ctx.correlationId });
    ctx.accessToken = { token: result!.accessToken, expiresOnTimestamp: result!.expiresOn!.getTime() };
    return { ...base, ok: true, summary: `Entra issued an access token for ${inputs.resource}, expiring ${result!.expiresOn!.toISOString()}`, details: { request, tokenType: result!.tokenType, expiresOn: result!.expiresOn!.toISOString() } };
  } catch (error) {
    const e = error as Error & { errorCode?: string; errorMessage?: string };
    return { ...base, ok: false, summary: `Entra refused: ${e.errorCode ?? e.name}`, details: { request }, error: { code: e.errorCode ?? e.name, message: e.errorMessage ?? e.message } };
  }
}
