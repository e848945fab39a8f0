import type { ConsoleRuntime } from '../runtime.js';
import { authorityHost, findTenant } from '../runtime.js';
import type { PartyResponse } from '../../client/party-client.js';

/** One Graph-shaped call on the fake Entra's `/beta` (a superset of v1.0 that knows flexible credentials), with the tenant's admin token. */
export async function graphRequest(runtime: ConsoleRuntime, tenantId: string, method: string, path: string, body?: unknown): Promise<PartyResponse> {
  const tenant = findTenant(runtime, tenantId);
  const send = async () =>
    runtime.client.request(`${authorityHost(runtime)}/beta${path}`, {
      method,
      headers: { authorization: `Bearer ${await runtime.adminTokens.get(tenant)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const response = await send();
  if (response.status !== 401) return response;
  // The Entra may have restarted with new keys: one fresh token, one retry.
  runtime.adminTokens.forget(tenant.id);
  return send();
}
