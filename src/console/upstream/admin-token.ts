import { ConsoleError } from '../http/console-error.js';
import { GRAPH_RESOURCE, type ConsoleTenant } from '../sources.js';
import type { PartyClient } from './party-client.js';

/** Graph admin tokens per tenant, got with an application's client secret (client_credentials). */
export interface AdminTokens {
  get(tenant: ConsoleTenant): Promise<string>;
  forget(tenantId: string): void;
}

export function createAdminTokens(client: PartyClient, authorityHost: () => string, nowMs: () => number): AdminTokens {
  const cache = new Map<string, { token: string; refreshAtMs: number }>();
  // One request per tenant at a time: the page loads several applications' credentials at once.
  const pending = new Map<string, Promise<string>>();

  async function fetchToken(tenant: ConsoleTenant): Promise<string> {
    const admin = tenant.applications.find((app) => (app.secrets?.length ?? 0) > 0);
    if (!admin) throw new ConsoleError(409, 'no_graph_admin', `tenant ${tenant.id} has no application with a client secret to call Graph with`);
    const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: admin.appId, client_secret: admin.secrets![0]!, scope: `${GRAPH_RESOURCE}/.default` });
    const response = await client.request(`${authorityHost()}/${tenant.id}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    });
    const answer = (response.json ?? {}) as { access_token?: string; expires_in?: number | string; error_description?: string };
    if (response.status !== 200 || !answer.access_token) {
      throw new ConsoleError(502, 'graph_admin_token', `the fake Entra refused ${admin.displayName}'s client secret: ${answer.error_description ?? `HTTP ${response.status}`}`);
    }
    cache.set(tenant.id, { token: answer.access_token, refreshAtMs: nowMs() + (Number(answer.expires_in ?? 300) - 60) * 1000 });
    return answer.access_token;
  }

  return {
    async get(tenant) {
      const cached = cache.get(tenant.id);
      if (cached && cached.refreshAtMs > nowMs()) return cached.token;
      let flight = pending.get(tenant.id);
      if (!flight) {
        flight = fetchToken(tenant).finally(() => pending.delete(tenant.id));
        pending.set(tenant.id, flight);
      }
      return flight;
    },
    forget: (tenantId) => cache.delete(tenantId),
  };
}
