import type { PartyClient } from './party-client.js';

export interface GraphAdminApplication {
  authorityHost: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

export type GraphAdminTokenAnswer =
  | { ok: true; accessToken: string; expiresInSeconds: number }
  | { ok: false; status: number; errorDescription?: string; text: string };

/** A Graph token for an admin application by its client secret (client_credentials, as any Graph automation gets one). */
export async function requestGraphAdminToken(client: PartyClient, app: GraphAdminApplication): Promise<GraphAdminTokenAnswer> {
  const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: app.clientId, client_secret: app.clientSecret, scope: 'https://graph.microsoft.com/.default' });
  const response = await client.request(`${app.authorityHost.replace(/\/$/, '')}/${app.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: body.toString(),
  });
  const answer = (response.json ?? {}) as { access_token?: string; expires_in?: number | string; error_description?: string };
  if (response.status !== 200 || !answer.access_token) {
    return { ok: false, status: response.status, ...(answer.error_description ? { errorDescription: answer.error_description } : {}), text: response.text };
  }
  return { ok: true, accessToken: answer.access_token, expiresInSeconds: Number(answer.expires_in ?? 300) };
}
