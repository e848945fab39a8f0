import { requestGraphAdminToken } from '../../client/graph-admin-token.js';
import type { PartyClient } from '../../client/party-client.js';
import { ConsoleError } from '../http/console-error.js';
import type { ConsoleTenant } from '../sources.js';

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
    const answer = await requestGraphAdminToken(client, { authorityHost: authorityHost(), tenantId: tenant.id, clientId: admin.appId, clientSecret: admin.secrets![0]! });
    if (!answer.ok) {
      throw new ConsoleError(502, 'graph_admin_token', `the fake Entra refused ${admin.displayName}'s client secret: ${answer.errorDescription ?? `HTTP ${answer.status}`}`);
    }
    cache.set(tenant.id, { token: answer.accessToken, refreshAtMs: nowMs() + (answer.expiresInSeconds - 60) * 1000 });
    return answer.accessToken;
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
